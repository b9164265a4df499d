/** Gives the slot back; calling it twice is harmless. */
export type Release = () => void;

/**
 * A cap on concurrent upstream requests beyond this process (the cluster-wide cap of
 * REDIS_URL). The client holds a slot around each attempt; the app passes the implementation
 * (cluster/semaphore.ts).
 */
export interface SlotGate {
  /** Waits for a slot (for `caller`, a tokenHash) and resolves with its release; SlotTimeout when none frees up in time. */
  acquire(caller?: string, signal?: AbortSignal): Promise<Release>;
}

/** Thrown by a SlotGate when no slot frees up in time; the client maps it to UPSTREAM_OVERLOADED. */
export class SlotTimeout extends Error {
  readonly code = 'UPSTREAM_BUSY';
  constructor(readonly scope: 'cluster' | 'caller') {
    super(scope === 'caller' ? 'This caller already has the most backup server requests in flight.' : 'The backup server is busy with other requests.');
    this.name = 'SlotTimeout';
  }
}
