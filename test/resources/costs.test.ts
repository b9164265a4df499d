import { buildSchema as buildSdl, isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { checkCosts, FIELD_COSTS, fieldCost, MissingCostError } from '../../src/resolvers/costs.js';
import { buildSchema, readTypeDefs } from '../../src/schema.js';

describe('the upstream cost table', () => {
  it('prices every field of every object type of the built schema', () => {
    const schema = buildSchema();
    let fields = 0;
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.keys(type.getFields())) {
        expect(() => fieldCost(type.name, field), `${type.name}.${field}`).not.toThrow();
        fields++;
      }
    }
    expect(fields).toBeGreaterThan(80);
  });

  it('has no default: an unknown type or field is an error, not free', () => {
    expect(() => fieldCost('NoSuchType', 'id')).toThrow(MissingCostError);
    expect(() => fieldCost('JobSession', 'noSuchField')).toThrow(MissingCostError);
    // Value types are free because they say so.
    expect(FIELD_COSTS.JobSessionConnection).toBe('free');
    expect(fieldCost('PageInfo', 'hasNextPage')).toBe('free');
  });

  it('a field added to the SDL without a cost fails the schema build, naming it', () => {
    const sdl = buildSdl([...readTypeDefs(), 'extend type Query { "An unpriced field." unpriced: String }'].join('\n'));
    expect(() => checkCosts(sdl)).toThrow(/Query\.unpriced/);
  });

  it('a cost for a field the SDL does not have fails too', () => {
    const withoutOrganizationJobs = readTypeDefs().map((file) => (file.includes('type Organization {') ? file.replace(/\n\s*"[^"\n]*"\n\s*jobs: \[Job!\]\n/, '\n') : file));
    const sdl = buildSdl(withoutOrganizationJobs.join('\n'));
    expect(() => checkCosts(sdl)).toThrow(/Organization\.jobs \(priced, but not in the schema\)/);
  });
});
