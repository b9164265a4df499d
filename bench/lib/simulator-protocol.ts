/** Messages between the bench process and `bench/simulator-process.ts`. */
import type { ApiVersion } from '../../src/simulator/index.js';

/** How the simulator process starts (its one command-line argument, as JSON); every field optional. */
export interface SimulatorProcessOptions {
  /** Delay before answering each request; default 0. */
  latencyMs?: number;
  /** Another dataset, by name (the simulator's `variant`); default the default dataset. */
  variant?: string;
  /** `manual`: the seeded data never moves (no running session steps); default `real`. */
  clock?: 'real' | 'manual';
  /** The instant the seeded data ends (epoch ms), so several simulators share one clock; default now. */
  startedAt?: number;
  /** The simulator's `frozenReads`: each read rendered once, then its bytes replayed (with `clock: 'manual'`); default false. */
  frozenReads?: boolean;
}

/** The fields of a simulator `RecordedRequest` the bench reads. */
export interface RecordedCall {
  method: string;
  path: string;
  authorization: string | undefined;
  startedAt: number;
  endedAt?: number;
  status?: number;
}

export type SimulatorRequest =
  | { id: number; op: 'reset' }
  | { id: number; op: 'latency'; ms: number }
  | { id: number; op: 'count' }
  | { id: number; op: 'requests' }
  | { id: number; op: 'close' };

export type SimulatorReply =
  | { id: 0; op: 'ready'; url: string; v8Url: string; baseUrls: Record<ApiVersion, string>; startedAt: number; token: string }
  | { id: number; op: 'reset' }
  | { id: number; op: 'latency' }
  | { id: number; op: 'count'; count: number }
  | { id: number; op: 'requests'; requests: RecordedCall[] };
