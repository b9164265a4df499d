import { readdirSync, readFileSync } from 'node:fs';
import { createSchema } from 'graphql-yoga';
import type { GraphQLContext } from './context.js';
import { authResolvers } from './resolvers/auth.js';
import { jobSessionResolvers } from './resolvers/job-sessions.js';
import { jobControlResolvers } from './resolvers/job-control.js';
import { jobResolvers } from './resolvers/jobs.js';
import { logItemResolvers } from './resolvers/log-items.js';
import { organizationResolvers } from './resolvers/organizations.js';
import { serverResolvers } from './resolvers/server.js';
import { subscriptionResolvers } from './resolvers/subscriptions.js';
import { DateTime, Long } from './scalars.js';

const SCHEMA_DIR = new URL('../schema/', import.meta.url);

/** The SDL files of `schema/`, in a stable order (the same files codegen reads). */
export function readTypeDefs(): string[] {
  return readdirSync(SCHEMA_DIR)
    .filter((name) => name.endsWith('.graphql'))
    .sort()
    .map((name) => readFileSync(new URL(name, SCHEMA_DIR), 'utf8'));
}

/** The executable schema: SDL from `schema/`, resolvers from `src/resolvers/`. */
export function buildSchema() {
  return createSchema<GraphQLContext>({
    typeDefs: readTypeDefs(),
    resolvers: [{ DateTime, Long }, jobSessionResolvers, logItemResolvers, jobResolvers, organizationResolvers, authResolvers, serverResolvers, jobControlResolvers, subscriptionResolvers],
  });
}
