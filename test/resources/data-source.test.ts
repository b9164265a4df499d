import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBackupApi } from '../../src/datasource/backup-api.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { adapterFor } from '../../src/upstream/adapters/index.js';
import { createUpstreamClient } from '../../src/upstream/client.js';
import { createUpstream, type Upstream } from '../../src/upstream/pool.js';
import { testUpstreamSettings } from '../helpers/upstream.js';
import backupRepository from '../../src/upstream/resources/backup-repository.js';
import job from '../../src/upstream/resources/job.js';
import serviceInstance from '../../src/upstream/resources/service-instance.js';
import { RESOURCES } from '../../src/upstream/resources/index.generated.js';

let simulator: Simulator;
let upstream: Upstream;
let token: string;

beforeAll(async () => {
  simulator = await startSimulator({ host: '127.0.0.1', port: 0 });
  upstream = createUpstream(testUpstreamSettings(new URL(simulator.baseUrl('v8')), { timeoutMs: 10_000, maxUpstreamConnections: 4 }));
  token = simulator.issueToken('admin');
});
afterAll(async () => {
  await upstream.dispatcher.close();
  await simulator.close();
});
beforeEach(() => simulator.resetRequests());

const api = () => createBackupApi({ client: createUpstreamClient({ upstream, token }), adapter: adapterFor('v8') });
const paths = () => simulator.requests.map((r) => r.path.toLowerCase());
const WHOLE = '?offset=0&limit=1000';

describe('the data source builds its loaders from the registry', () => {
  it('api.item and api.list read any registry resource; a listed object is not read again by id', async () => {
    const source = api();
    const all = await source.list(backupRepository);
    expect(all.length).toBeGreaterThan(2);
    const again = await source.item(backupRepository, all[1]!.id);
    expect(again).toBe(all[1]);
    expect(paths()).toEqual([`/v8/backuprepositories${WHOLE}`]);
  });

  it('clear() forgets what every loader this request built holds, with no list of them kept by hand', async () => {
    const source = api();
    const [first] = await source.list(backupRepository);
    await source.item(backupRepository, first!.id);
    await source.list(job);
    expect(simulator.requests).toHaveLength(2);
    source.clear();
    await source.item(backupRepository, first!.id);
    await source.list(job);
    expect(paths()).toEqual([`/v8/backuprepositories${WHOLE}`, `/v8/jobs${WHOLE}`, `/v8/backuprepositories/${first!.id}`, `/v8/jobs${WHOLE}`]);
  });

  it('api.page windows a list the version does not page (v7 sends a plain array)', async () => {
    const v7 = createUpstream(testUpstreamSettings(new URL(simulator.baseUrl('v7')), { timeoutMs: 10_000, maxUpstreamConnections: 2 }));
    try {
      const source = createBackupApi({ client: createUpstreamClient({ upstream: v7, token }), adapter: adapterFor('v7') });
      const page = await source.page(backupRepository, { offset: 1, limit: 1 });
      const all = await source.list(backupRepository);
      expect(page.items).toEqual([all[1]]);
      expect(page).toMatchObject({ offset: 1, hasNextPage: all.length > 2, totalCount: all.length });
      expect(paths()).toEqual(['/v7/backuprepositories']);
    } finally {
      await v7.dispatcher.close();
    }
  });

  it('a resource a version does not serve is NOT_SUPPORTED_BY_SERVER before any call, naming the first version that does', async () => {
    const v5 = adapterFor('v5');
    expect(v5.serves(serviceInstance)).toBe(false);
    expect(adapterFor('v6').serves(serviceInstance)).toBe(true);
    expect(() => v5.decoder(serviceInstance)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'NOT_SUPPORTED_BY_SERVER' }) }));
    expect(() => v5.decoder(serviceInstance)).toThrow(/API v5, which has no service instance resource \(v6\+ does\)/);
    // A resource without a list route cannot be listed on any version.
    expect(() => adapterFor('v8').list(serviceInstance)).toThrow(/API v8, which has no list of the service instance resource/);
    expect(simulator.requests).toHaveLength(0);
  });

  it('every registry resource names its own route and declares its decoders per version', () => {
    for (const resource of RESOURCES) {
      if (resource.listOnly) expect(resource.list).toBeDefined();
      else expect(Object.keys(resource.routes)).toContain(resource.name);
      if (resource.list) expect(Object.keys(resource.routes)).toContain(resource.list);
      for (const version of Object.keys(resource.paging ?? {})) expect(Object.keys(resource.decoders)).toContain(version);
    }
  });
});
