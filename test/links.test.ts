import { describe, expect, it } from 'vitest';
import { pathFromHref } from '../src/upstream/links.js';

const S = '859277ed-b238-458c-9dec-2830e45e15fc';
const L = '6e61733d-738b-41e1-bd0d-d0b3340159d5';

describe('pathFromHref', () => {
  it('keeps only the path after the version segment, whatever host the href names', () => {
    expect(pathFromHref(`https://vbm01.invalid:4443/v5/jobsessions/${S}/logitems/${L}`)).toEqual({
      kind: 'logItem',
      path: `/jobsessions/${S}/logitems/${L}`,
      template: '/jobsessions/{id}/logitems/{id}',
    });
    expect(pathFromHref(`https://other.invalid/proxy/prefix/v5/JobSessions/${S.toUpperCase()}`).path).toBe(`/jobsessions/${S}`);
  });

  it('accepts the relative hrefs of v6 and later', () => {
    expect(pathFromHref(`/v6/jobsessions/${S}`).kind).toBe('jobSession');
  });

  it('drops the query string of an href', () => {
    expect(pathFromHref(`https://vbm01.invalid:4443/v5/jobsessions/${S}/logitems?offset=30&limit=30`).path).toBe(
      `/jobsessions/${S}/logitems`,
    );
  });

  it.each([
    ['an unknown route', `https://vbm01.invalid:4443/v5/nosuchresources/${S}`],
    ['no version segment', `https://vbm01.invalid:4443/jobsessions/${S}`],
    ['an id that is not a GUID', 'https://vbm01.invalid:4443/v5/jobsessions/not-a-guid'],
    ['an encoded slash', `https://vbm01.invalid:4443/v5/jobsessions/${S}%2Flogitems`],
    ['dot segments', `https://vbm01.invalid:4443/v5/jobsessions/${S}/../../jobs/${S}`],
    ['a bare host', 'https://vbm01.invalid:4443'],
    ['a token endpoint', 'https://vbm01.invalid:4443/v5/token'],
    ['garbage', 'http://[::1'],
  ])('refuses %s', (_name, href) => {
    expect(() => pathFromHref(href)).toThrowError(expect.objectContaining({ extensions: { code: 'UPSTREAM_BAD_RESPONSE' } }));
  });

  it('refuses an href of another kind than the relation expects', () => {
    expect(() => pathFromHref(`https://vbm01.invalid:4443/v5/jobs/${S}`, ['jobSession'])).toThrow();
  });
});
