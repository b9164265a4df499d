/** Messages between the bench process and `bench/simulator-process.ts`. */

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
  | { id: 0; op: 'ready'; url: string; v8Url: string; token: string }
  | { id: number; op: 'reset' }
  | { id: number; op: 'latency' }
  | { id: number; op: 'count'; count: number }
  | { id: number; op: 'requests'; requests: RecordedCall[] };
