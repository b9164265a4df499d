import { subscribe, unsubscribe } from 'node:diagnostics_channel';

export interface WaveRecorder {
  /** Requests to the origin the facade has issued since the recorder started. */
  requests(): number;
  /** Waves of requests that ran one after the other (0 when there was none). */
  roundTrips(): number;
  stop(): void;
}

interface RequestMessage {
  request: object & { origin?: unknown };
}

function isRequestMessage(message: unknown): message is RequestMessage {
  return typeof message === 'object' && message !== null && 'request' in message && typeof message.request === 'object' && message.request !== null;
}

/**
 * Counts round trips by cause, not by clock: it listens to undici's diagnostics channels in
 * this process, where the facade issues its upstream requests. A request belongs to the wave
 * after the latest wave of which some response had begun (headers) when it was issued, so a request
 * that waited for another's answer is one wave later, and requests issued together are one wave
 * however late a busy machine delivers them. (The simulator's `roundTrips` compares arrival and
 * end times instead, which a stalled event loop can reorder.) Several origins count as one: a
 * request to one server that waited for another server's answer is a wave later.
 */
export function recordWaves(origin: string | readonly string[]): WaveRecorder {
  const origins = new Set(typeof origin === 'string' ? [origin] : origin);
  const waveOf = new WeakMap<object, number>();
  let issued = 0;
  let completedWave = 0;
  let deepest = 0;
  const mine = (message: unknown): message is RequestMessage =>
    isRequestMessage(message) && typeof message.request.origin === 'string' && origins.has(message.request.origin);

  const onCreate = (message: unknown): void => {
    if (!mine(message)) return;
    const wave = completedWave + 1;
    waveOf.set(message.request, wave);
    issued += 1;
    deepest = Math.max(deepest, wave);
  };
  const onDone = (message: unknown): void => {
    if (!mine(message)) return;
    completedWave = Math.max(completedWave, waveOf.get(message.request) ?? 0);
  };
  subscribe('undici:request:create', onCreate);
  subscribe('undici:request:headers', onDone);
  subscribe('undici:request:error', onDone);
  return {
    requests: () => issued,
    roundTrips: () => deepest,
    stop() {
      unsubscribe('undici:request:create', onCreate);
      unsubscribe('undici:request:headers', onDone);
      unsubscribe('undici:request:error', onDone);
    },
  };
}
