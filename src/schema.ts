import { readdirSync, readFileSync } from 'node:fs';
import { createSchema } from 'graphql-yoga';
import type { GraphQLContext } from './context.js';
import { checkCosts } from './resolvers/costs.js';
import { RESOLVERS } from './resolvers/index.generated.js';
import { DateTime, Long } from './scalars.js';

const SCHEMA_DIR = new URL('../schema/', import.meta.url);

/** The SDL files of `schema/`, in a stable order (the same files codegen reads). */
export function readTypeDefs(): string[] {
  return readdirSync(SCHEMA_DIR)
    .filter((name) => name.endsWith('.graphql'))
    .sort()
    .map((name) => readFileSync(new URL(name, SCHEMA_DIR), 'utf8'));
}

/**
 * The executable schema: SDL from `schema/`, resolvers from every module of `src/resolvers/`
 * (listed by `npm run codegen`). Throws when a field of the SDL has no upstream cost.
 */
export function buildSchema() {
  const schema = createSchema<GraphQLContext>({
    typeDefs: readTypeDefs(),
    resolvers: [{ DateTime, Long }, ...RESOLVERS],
  });
  checkCosts(schema);
  return schema;
}
