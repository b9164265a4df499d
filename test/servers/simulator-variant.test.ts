import { describe, expect, it } from 'vitest';
import { createSimulatorData } from '../../src/simulator/index.js';

const START = Date.UTC(2026, 0, 15, 12);

describe('simulator data variants', () => {
  it('the empty variant is the documented data; another variant draws other ids and statuses for the same jobs', () => {
    const documented = createSimulatorData(START);
    expect(createSimulatorData(START, '')).toEqual(documented);
    const other = createSimulatorData(START, 'us1');
    expect(other.jobs.map((j) => j.name)).toEqual(documented.jobs.map((j) => j.name));
    expect(other.sessions).toHaveLength(documented.sessions.length);
    const ids = new Set(documented.sessions.map((s) => s.id));
    // Only the pinned sessions (the documented examples) keep their ids.
    expect(other.sessions.filter((s) => ids.has(s.id)).length).toBeLessThan(5);
    expect(other.sessions.map((s) => s.status)).not.toEqual(documented.sessions.map((s) => s.status));
  });
});
