import { describe, expect, it } from 'vitest';
import { decodeEventPage } from '../../src/upstream/resources/event.js';

const session = { eventType: 'JobSessionUpdate', id: '441A3BA4-9D3B-491F-A27B-0FDDF823A435', eTag: 3, jobId: 'aeb08c8e-b6d1-4fb4-b384-96551d01f874', status: 'Success', jobType: 'Backup' };
const page = (results: unknown[], extra: Record<string, unknown> = {}) => ({ nextChangeToken: 'abc', limit: 30, results, ...extra });

describe('the v8 event feed decoder', () => {
  it('reads Events_GetResponse and each RESTEvent, lowercasing GUID ids and keeping unknown event types', () => {
    const decoded = decodeEventPage(page([session, { eventType: 'ProtectedUserUpdate', id: 'user-1', eTag: 1 }], { setId: '94c0f6db-c13d-4a5d-af66-5f9b4120e9f0' }));
    expect(decoded.nextChangeToken).toBe('abc');
    expect(decoded.events[0]).toMatchObject({ eventType: 'JobSessionUpdate', id: '441a3ba4-9d3b-491f-a27b-0fddf823a435', eTag: 3, status: 'Success', jobType: 'Backup' });
    expect(decoded.events[1]).toMatchObject({ eventType: 'ProtectedUserUpdate', id: 'user-1' });
  });

  it.each([
    ['no nextChangeToken', { limit: 30, results: [] }],
    ['results not an array', { nextChangeToken: 'a', limit: 30, results: {} }],
    ['a session event without its jobId', page([{ ...session, jobId: undefined }])],
    ['a status outside the enum', page([{ ...session, status: 'Queued' }])],
    ['an eTag that is not an integer', page([{ ...session, eTag: '3' }])],
    ['an organizationId that is not a GUID', page([{ ...session, organizationId: 'contoso' }])],
    ['an event that is not an object', page(['JobSessionUpdate'])],
  ])('refuses %s as a malformed answer', (_what, value) => {
    expect(() => decodeEventPage(value)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'UPSTREAM_BAD_RESPONSE' }) }));
  });
});
