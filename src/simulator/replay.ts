import type { ApiResponse } from './routes.js';

/** The most bytes of answers kept for replay; past it, answers are rendered every time again. */
export const REPLAY_MAX_BYTES = 32 * 1024 * 1024;

/**
 * Answers to reads rendered once and replayed, for a simulator whose data does not change
 * between two writes (`frozenReads`): what a remote server's answers cost the machine that
 * measures the facade, nothing but the bytes. Only reads (GET) are kept, keyed by path, query and
 * authorization, so a caller is only ever replayed its own answer; only plain 200 answers are
 * kept; `clear()` on every write, step and store event. Bounded in bytes.
 */
export interface Replay {
  get(key: string): ApiResponse | undefined;
  keep(key: string, response: ApiResponse): void;
  clear(): void;
}

export function createReplay(maxBytes = REPLAY_MAX_BYTES): Replay {
  const answers = new Map<string, ApiResponse>();
  let bytes = 0;
  return {
    get: (key) => answers.get(key),
    keep(key, response) {
      const size = key.length + response.body.length;
      if (response.status !== 200 || response.wait !== undefined || bytes + size > maxBytes) return;
      answers.set(key, response);
      bytes += size;
    },
    clear() {
      answers.clear();
      bytes = 0;
    },
  };
}

/** A read's key: path, query and authorization (only GETs are replayed). */
export const replayKey = (path: string, query: string, authorization: string | undefined): string => `${path}?${query}\u0000${authorization ?? ''}`;
