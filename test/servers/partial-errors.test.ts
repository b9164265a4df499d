import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { facadeError } from '../../src/errors.js';
import { createPartialErrors, reported, usePartialErrors, type PartialErrors } from '../../src/servers/partial-errors.js';
import { serverError } from '../../src/servers/server-errors.js';

interface Context {
  partialErrors: PartialErrors;
}

function yoga() {
  return createYoga<object, Context>({
    schema: createSchema<Context>({
      typeDefs: 'type Row { server: String!, id: String! } type Query { rows: [Row!]!, other: Int }',
      resolvers: {
        Query: {
          rows: (_parent, _args, context, info) =>
            reported(
              {
                rows: [{ server: 'eu1', id: 'a' }],
                errors: [serverError('us1', facadeError('UPSTREAM_UNAVAILABLE', 'The backup server cannot be reached.')), serverError('apac1', new Error('secret detail'))],
              },
              context.partialErrors,
              info,
            ).rows,
          other: () => 1,
        },
      },
    }),
    context: () => ({ partialErrors: createPartialErrors() }),
    plugins: [usePartialErrors<Context>((context) => context.partialErrors)],
    maskedErrors: { isDev: false },
    logging: false,
  });
}

async function query(body: string) {
  const response = await yoga().fetch('http://facade.invalid/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return (await response.json()) as { data?: unknown; errors?: { message: string; path?: unknown[]; extensions?: Record<string, unknown> }[] };
}

describe('partial errors', () => {
  it('a resolver returns its rows and the failed servers are reported as errors at its path, an unexpected one without its message', async () => {
    const body = await query(JSON.stringify({ query: '{ rows { server id } other }' }));
    expect(body.data).toEqual({ rows: [{ server: 'eu1', id: 'a' }], other: 1 });
    expect(body.errors).toEqual([
      { message: 'Server "us1": The backup server cannot be reached.', path: ['rows'], locations: [{ line: 1, column: 3 }], extensions: { code: 'UPSTREAM_UNAVAILABLE', server: 'us1' } },
      { message: 'Server "apac1": unexpected error.', path: ['rows'], locations: [{ line: 1, column: 3 }], extensions: { server: 'apac1' } },
    ]);
    expect(JSON.stringify(body)).not.toContain('secret detail');
  });

  it('without errors reported the result is untouched', async () => {
    const body = await query(JSON.stringify({ query: '{ other }' }));
    expect(body).toEqual({ data: { other: 1 } });
  });
});
