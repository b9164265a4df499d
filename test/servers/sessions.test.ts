import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { SEED } from '../../src/simulator/index.js';
import { sseClient, watch } from '../helpers/sse.js';
import { CREATE_SESSION, credentials, SERVERS, signIn, someSessionId, startServersHarness, type Replica, type ServerName, type ServersHarness } from './servers-harness.js';

let harness: ServersHarness;
let facade: Replica;
const ids = {} as Record<ServerName, string>;

beforeAll(async () => {
  harness = await startServersHarness();
  facade = await harness.replica();
  for (const server of SERVERS) ids[server.name] = await someSessionId(harness, server.name);
});
afterAll(() => harness.close());
beforeEach(() => harness.reset());

/** Every bearer token each simulator saw (sign-ins carry none). */
function tokensSeen(name: ServerName): Set<string> {
  return new Set(harness.calls(name).flatMap((call) => (call.authorization ? [call.authorization.replace(/^Bearer /, '')] : [])));
}

const LOOKUP = `query ($server: String, $id: ID!) { jobSession(server: $server, id: $id) { id server { name apiVersion } job { id server { name } } } }`;

describe('createSession over three servers', () => {
  it('signs in to each in parallel; a wrong password on one leaves the others signed in', async () => {
    const answer = await facade.query(CREATE_SESSION, { variables: { credentials: credentials({ wrong: 'us1' }) } });
    expect(answer.errors).toBeUndefined();
    const session = answer.data!.createSession as { token: string; servers: { server: string; ok: boolean; error: string | null; userName: string | null }[] };
    expect(session.servers.map(({ server, ok, userName }) => ({ server, ok, userName }))).toEqual([
      { server: 'eu1', ok: true, userName: 'eu-admin' },
      { server: 'us1', ok: false, userName: null },
      { server: 'apac1', ok: true, userName: 'apac-admin' },
    ]);
    expect(session.servers[1]!.error).toMatch(/user name or password/i);
    // One sign-in per server, each at its own version's /token.
    for (const server of SERVERS) {
      expect(harness.calls(server.name).map((call) => `${call.method} ${call.path}`)).toEqual([`POST /${server.version}/token`]);
    }
    // No upstream token in the answer: the session token is sealed.
    expect(session.token).toMatch(/^vbms1\.[A-Za-z0-9_-]+$/);

    harness.reset();
    const listed = await facade.query('{ servers { name apiVersion reachable signedIn } }', { token: session.token });
    expect(listed).toMatchObject({
      data: {
        servers: [
          { name: 'eu1', apiVersion: 'v8', reachable: true, signedIn: true },
          { name: 'us1', apiVersion: 'v7', reachable: true, signedIn: false },
          { name: 'apac1', apiVersion: 'v6', reachable: true, signedIn: true },
        ],
      },
    });
    // Reachability came from the sign-ins just made: no probe.
    expect(harness.totalCalls()).toBe(0);
    // A server whose sign-in failed is not the session's: a lookup naming it is refused before any call.
    const refused = await facade.query(LOOKUP, { token: session.token, variables: { server: 'us1', id: ids.us1 } });
    expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(harness.totalCalls()).toBe(0);
  });
});

describe('a lookup with server:', () => {
  let token: string;
  beforeAll(async () => {
    token = await signIn(facade);
  });

  it('reaches only that server, with that server\'s token, and follows relations there', async () => {
    harness.reset();
    const answer = await facade.query(LOOKUP, { token, variables: { server: 'us1', id: ids.us1 } });
    expect(answer.errors).toBeUndefined();
    expect(answer.data).toMatchObject({ jobSession: { id: ids.us1, server: { name: 'us1', apiVersion: 'v7' }, job: { server: { name: 'us1' } } } });
    expect(harness.calls('eu1')).toEqual([]);
    expect(harness.calls('apac1')).toEqual([]);
    const calls = harness.calls('us1');
    expect(calls.map((call) => call.path.toLowerCase().split('?')[0])).toEqual([`/v7/jobsessions/${ids.us1}`, expect.stringMatching(/^\/v7\/jobs\/[0-9a-f-]{36}$/)]);
    const [used] = tokensSeen('us1');
    expect(tokensSeen('us1').size).toBe(1);
    // It is a token us1 issued (us1 revokes it), and none the other servers know.
    expect(harness.simulators.eu1.revokeToken(used!)).toBe(false);
    expect(harness.simulators.apac1.revokeToken(used!)).toBe(false);
    expect(harness.simulators.us1.revokeToken(used!)).toBe(true);
    token = await signIn(facade);
  });

  it('follows relations with arguments (logItem(id), logItems) on the parent\'s server', async () => {
    harness.reset();
    const answer = await facade.query(
      `{ jobSession(server: "eu1", id: "${SEED.jobSessionId}") { logItem(id: "${SEED.logItemId}") { server { name } jobSession { server { name } } } logItems(first: 1) { edges { node { server { name } } } } } }`,
      { token },
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data).toEqual({
      jobSession: { logItem: { server: { name: 'eu1' }, jobSession: { server: { name: 'eu1' } } }, logItems: { edges: [{ node: { server: { name: 'eu1' } } }] } },
    });
    expect(harness.calls('eu1').length).toBeGreaterThan(0);
    expect(harness.calls('us1').length + harness.calls('apac1').length).toBe(0);
  });

  it('sends each server only its own token, over lookups on all three', async () => {
    harness.reset();
    for (const server of SERVERS) {
      const answer = await facade.query(LOOKUP, { token, variables: { server: server.name, id: ids[server.name] } });
      expect(answer.errors).toBeUndefined();
      expect((answer.data!.jobSession as { server: { name: string } }).server.name).toBe(server.name);
    }
    const seen = SERVERS.map((server) => tokensSeen(server.name));
    for (const tokens of seen) expect(tokens.size).toBe(1);
    const all = seen.flatMap((tokens) => [...tokens]);
    expect(new Set(all).size).toBe(3);
    // The session token itself never goes upstream.
    expect(all).not.toContain(token);
  });

  it('is BAD_USER_INPUT before any call without server: (several held), or naming a server not configured', async () => {
    harness.reset();
    const missing = await facade.query(LOOKUP, { token, variables: { id: ids.eu1 } });
    expect(missing.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(missing.errors?.[0]?.message).toMatch(/server/);
    const unknown = await facade.query(LOOKUP, { token, variables: { server: 'mars1', id: ids.eu1 } });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const malformed = await facade.query(LOOKUP, { token, variables: { server: '../eu1', id: ids.eu1 } });
    expect(malformed.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(harness.totalCalls()).toBe(0);
  });

  it('answers BackupServer.license and productVersion on the server\'s own token', async () => {
    harness.reset();
    const answer = await facade.query('{ servers { name productVersion license { server { name } } } }', { token });
    expect(answer.errors).toBeUndefined();
    const servers = answer.data!.servers as { name: string; license: { server: { name: string } } }[];
    expect(servers.map((server) => server.license.server.name)).toEqual(['eu1', 'us1', 'apac1']);
    for (const server of SERVERS) {
      expect(harness.calls(server.name).map((call) => call.path.toLowerCase())).toEqual(expect.arrayContaining([`/${server.version}/license`, `/${server.version}/serviceinstance`]));
      expect(harness.calls(server.name)).toHaveLength(2);
    }
  });
});

describe('a session token that is not valid', () => {
  it('altered by one byte, sealed under another key, or expired: UNAUTHENTICATED with no upstream call', async () => {
    const token = await signIn(facade);
    const other = await harness.replica({ key: randomBytes(32) });
    const foreign = await signIn(other);
    harness.reset();

    const body = token.slice('vbms1.'.length);
    const at = Math.floor(body.length / 2);
    const flipped = body[at] === 'A' ? 'B' : 'A';
    const altered = `vbms1.${body.slice(0, at)}${flipped}${body.slice(at + 1)}`;
    for (const bad of [altered, foreign]) {
      const answer = await facade.query(LOOKUP, { token: bad, variables: { server: 'eu1', id: ids.eu1 } });
      expect(answer.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      const servers = await facade.query('{ servers { name } }', { token: bad });
      expect(servers.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    expect(harness.totalCalls()).toBe(0);

    // Past the session's own lifetime (12 h by default), whatever its upstream tokens.
    harness.clock.advance(12 * 3_600_000 + 1);
    try {
      const expired = await facade.query(LOOKUP, { token, variables: { server: 'eu1', id: ids.eu1 } });
      expect(expired.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(expired.errors?.[0]?.message).not.toMatch(/Bearer [A-Za-z0-9]/);
      const refreshed = await facade.query('mutation ($t: String!) { refreshSession(token: $t) { token } }', { variables: { t: token } });
      expect(refreshed.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    } finally {
      harness.clock.advance(-(12 * 3_600_000 + 1));
    }
    expect(harness.totalCalls()).toBe(0);
  });

  it('a plain upstream token with several servers: UNAUTHENTICATED saying a session token is needed, no call', async () => {
    const plain = harness.simulators.eu1.issueToken('eu-admin');
    harness.reset();
    const answer = await facade.query(LOOKUP, { token: plain, variables: { server: 'eu1', id: ids.eu1 } });
    expect(answer.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(answer.errors?.[0]?.message).toMatch(/session token/);
    expect(harness.totalCalls()).toBe(0);
  });

  it('a plain upstream token with one server works as before', async () => {
    const single = await harness.replica({ servers: ['us1'] });
    const plain = harness.simulators.us1.issueToken('us-admin');
    harness.reset();
    const answer = await single.query(`{ jobSession(id: "${ids.us1}") { id server { name } } }`, { token: plain });
    expect(answer).toMatchObject({ data: { jobSession: { id: ids.us1, server: { name: 'us1' } } } });
    expect(harness.calls('us1').map((call) => call.authorization)).toEqual([`Bearer ${plain}`]);
    expect(harness.calls('eu1').length + harness.calls('apac1').length).toBe(0);
  });
});

describe('a session whose every sign-in failed', () => {
  it('holds no server: lookups are UNAUTHENTICATED (one server) or BAD_USER_INPUT (naming one), with no call; servers shows it not signed in', async () => {
    const single = await harness.replica({ servers: ['us1'] });
    const answer = await single.query(CREATE_SESSION, { variables: { credentials: credentials({ wrong: 'us1', only: ['us1'] }) } });
    const session = answer.data!.createSession as { token: string; servers: { ok: boolean }[] };
    expect(session.servers).toEqual([expect.objectContaining({ ok: false })]);
    harness.reset();
    const lookup = await single.query(`{ jobSession(id: "${ids.us1}") { id } }`, { token: session.token });
    expect(lookup.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const named = await single.query(`{ jobSession(server: "us1", id: "${ids.us1}") { id } }`, { token: session.token });
    expect(named.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(harness.totalCalls()).toBe(0);
    // It is still a valid session: `servers` shows the server, not signed in.
    const servers = await single.query('{ servers { name signedIn } }', { token: session.token });
    expect(servers).toMatchObject({ data: { servers: [{ name: 'us1', signedIn: false }] } });
  });
});

describe('subscriptions with server:', () => {
  it('watch on the named server only, with its token', async () => {
    const socket = await harness.replica({ overSocket: true });
    const token = await signIn(socket);
    harness.reset();
    const watcher = watch(sseClient(socket.origin!, token), 'subscription ($id: ID!) { jobSessionUpdated(server: "us1", id: $id) { id server { name } } }', { id: ids.us1 });
    await watcher.done;
    expect(watcher.results.map((result) => result.data?.jobSessionUpdated)).toEqual([{ id: ids.us1, server: { name: 'us1' } }]);
    // v7: the change feed's position first, then the session (ended, so nothing more).
    expect(harness.calls('us1').map((call) => call.path.toLowerCase().split('?')[0])).toEqual(['/v7/jobsessions/changes', `/v7/jobsessions/${ids.us1}`]);
    expect(new Set(harness.calls('us1').map((call) => call.authorization))).toEqual(new Set([harness.calls('us1')[0]!.authorization]));
    expect(harness.calls('eu1').length + harness.calls('apac1').length).toBe(0);

    const refused = watch(sseClient(socket.origin!, token), 'subscription ($id: ID!) { jobSessionUpdated(id: $id) { id } }', { id: ids.us1 });
    await refused.done.catch(() => undefined);
    expect(JSON.stringify(refused.results)).toContain('BAD_USER_INPUT');
    expect(harness.calls('us1')).toHaveLength(2);
  });
});

describe('key rotation and replicas', () => {
  it('a replica with the new key and SESSION_KEY_PREVIOUS opens tokens sealed under the old one; without it, not', async () => {
    const token = await signIn(facade);
    const rotated = await harness.replica({ key: randomBytes(32), previousKey: harness.key });
    const forgotten = await harness.replica({ key: randomBytes(32) });
    harness.reset();
    const answer = await rotated.query(LOOKUP, { token, variables: { server: 'apac1', id: ids.apac1 } });
    expect(answer.errors).toBeUndefined();
    expect(harness.calls('apac1').length).toBeGreaterThan(0);
    harness.reset();
    const refused = await forgotten.query(LOOKUP, { token, variables: { server: 'apac1', id: ids.apac1 } });
    expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(harness.totalCalls()).toBe(0);
  });

  it('two replicas with the same key serve the same session', async () => {
    const second = await harness.replica();
    const token = await signIn(facade);
    harness.reset();
    const first = await facade.query(LOOKUP, { token, variables: { server: 'eu1', id: ids.eu1 } });
    const other = await second.query(LOOKUP, { token, variables: { server: 'eu1', id: ids.eu1 } });
    expect(other.errors).toBeUndefined();
    expect(other.data).toEqual(first.data);
    // Both replicas used the same upstream token, and signed in nowhere.
    expect(tokensSeen('eu1').size).toBe(1);
    expect(harness.calls('eu1').filter((call) => call.path.endsWith('/token'))).toEqual([]);
  });
});

describe('an expired upstream token', () => {
  it('is refreshed once for 20 concurrent requests, and the new session token comes in x-session-token', async () => {
    const logs: string[] = [];
    const logger = createLogger('debug', { write: (line: string) => void logs.push(line) });
    const socket = await harness.replica({ overSocket: true, logger });
    const token = await signIn(socket, { only: ['eu1'] });
    // Past the access token's hour, within the session's 12 h.
    harness.clock.advance(3_600_000);
    try {
      harness.reset();
      const answers = await Promise.all(Array.from({ length: 20 }, () => socket.query(LOOKUP, { token, variables: { id: ids.eu1 } })));
      for (const answer of answers) expect(answer.errors).toBeUndefined();
      const calls = harness.calls('eu1');
      expect(calls.filter((call) => call.method === 'POST' && call.path === '/v8/token')).toHaveLength(1);
      const renewed = new Set(answers.map((answer) => answer.sessionToken));
      expect(renewed.has(null)).toBe(false);
      // Every read went out with the new token, none with the expired one.
      const used = tokensSeen('eu1');
      expect(used.size).toBe(1);
      const [fresh] = [...renewed];
      expect(fresh).not.toBe(token);

      // The new session token holds the new upstream token: no further refresh.
      harness.reset();
      const next = await socket.query(LOOKUP, { token: fresh!, variables: { id: ids.eu1 } });
      expect(next.errors).toBeUndefined();
      expect(next.sessionToken).toBeNull();
      expect(harness.calls('eu1').filter((call) => call.path.endsWith('/token'))).toEqual([]);
      expect(tokensSeen('eu1')).toEqual(used);
      // Upstream tokens never reach the logs (the refresh included); the log did record the operations.
      expect(logs.length).toBeGreaterThan(20);
      for (const upstream of used) expect(logs.join('\n')).not.toContain(upstream);
    } finally {
      harness.clock.advance(-3_600_000);
    }
  });

  it('a refresh the server refuses: UNAUTHENTICATED for that server, asking to sign in again', async () => {
    const token = await signIn(facade, { only: ['apac1'] });
    harness.reset();
    await facade.query(LOOKUP, { token, variables: { id: ids.apac1 } });
    // An administrator revokes the token (and its refresh token) on the server.
    const [upstream] = tokensSeen('apac1');
    expect(harness.simulators.apac1.revokeToken(upstream!)).toBe(true);
    harness.clock.advance(3_600_000);
    try {
      harness.reset();
      const answer = await facade.query(LOOKUP, { token, variables: { id: ids.apac1 } });
      expect(answer.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(answer.errors?.[0]?.message).toMatch(/"apac1".*sign in again/);
      expect(answer.sessionToken).toBeNull();
      expect(harness.calls('apac1').map((call) => `${call.method} ${call.path}`)).toEqual(['POST /v6/token']);
    } finally {
      harness.clock.advance(-3_600_000);
    }
  });

  it('refreshSession renews every server explicitly; signOutSession revokes where the version can', async () => {
    const token = await signIn(facade);
    harness.reset();
    const answer = await facade.query('mutation ($t: String!) { refreshSession(token: $t) { token servers { server ok } } }', { variables: { t: token } });
    expect(answer.errors).toBeUndefined();
    const renewed = answer.data!.refreshSession as { token: string; servers: { server: string; ok: boolean }[] };
    expect(renewed.servers).toEqual(SERVERS.map((server) => ({ server: server.name, ok: true })));
    for (const server of SERVERS) expect(harness.calls(server.name).map((call) => `${call.method} ${call.path}`)).toEqual([`POST /${server.version}/token`]);

    harness.reset();
    const out = await facade.query('mutation { signOutSession }', { token: renewed.token });
    expect(out).toEqual({ data: { signOutSession: true }, sessionToken: null });
    // v8 and v7 revoke (POST /token/logout... as each version spells it); v6 cannot, so nothing is sent there.
    expect(harness.calls('eu1').map((call) => call.method)).toEqual(['POST']);
    expect(harness.calls('us1').map((call) => call.method)).toEqual(['POST']);
    expect(harness.calls('apac1')).toEqual([]);
    const after = await facade.query(LOOKUP, { token: renewed.token, variables: { server: 'eu1', id: ids.eu1 } });
    expect(after.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
