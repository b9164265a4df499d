/**
 * Round trips in a request log: a request belongs to wave 1 + the highest wave among the
 * requests that had finished before it started, so independent requests started together
 * share a wave and each real data dependency adds one. Counts, not timings.
 */
export function roundTrips(requests: readonly { startedAt: number; endedAt?: number }[]): number {
  const waves: number[] = [];
  requests.forEach((request, i) => {
    let wave = 1;
    for (let j = 0; j < i; j++) {
      const before = requests[j]!;
      if (before.endedAt !== undefined && before.endedAt <= request.startedAt) wave = Math.max(wave, waves[j]! + 1);
    }
    waves.push(wave);
  });
  return Math.max(0, ...waves);
}
