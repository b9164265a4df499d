import type { GraphQLError } from 'graphql';
import type { Resolvers } from '../generated/resolvers.generated.js';
import type { GraphQLContext } from '../context.js';
import { alertStream, canSee, readsLicense, visibilityOf, type AlertVisibility } from '../alerts/access.js';
import type { Alert, AlertPage } from '../alerts/types.js';
import { badUserInput, facadeError } from '../errors.js';
import { reported } from '../servers/partial-errors.js';
import { serverError } from '../servers/server-errors.js';
import { oneServer } from './cross-server.js';

/** Alerts per page at most. */
const MAX_ALERTS_PAGE = 100;
/** Longest `after` cursor and target name accepted (store cursors and names are short). */
const MAX_ARGUMENT_LENGTH = 256;

const EMPTY: AlertPage = { alerts: [], endCursor: null, hasNextPage: false };

function shortString(value: string, argument: string): string {
  if (value.length === 0 || value.length > MAX_ARGUMENT_LENGTH) throw badUserInput(`Argument "${argument}" must be 1 to ${MAX_ARGUMENT_LENGTH} characters.`);
  return value;
}

/**
 * What the caller may see of each server's alerts, read with its own token on that server, all
 * servers at once. With one configured server its failure is the field's error, as it always was;
 * over several, a server that fails is left out and named in `errors`.
 */
async function visibilities(context: GraphQLContext, names: readonly string[]): Promise<{ visible: Map<string, AlertVisibility>; errors: GraphQLError[] }> {
  const single = oneServer(context);
  const read = await Promise.all(
    names.map(async (name) => {
      try {
        return { name, visibility: await visibilityOf(context.servers.api(name)) };
      } catch (error) {
        if (single) throw error;
        return { name, error: serverError(name, error) };
      }
    }),
  );
  const visible = new Map<string, AlertVisibility>();
  const errors: GraphQLError[] = [];
  for (const { name, visibility, error } of read) {
    if (visibility) visible.set(name, visibility);
    if (error) errors.push(error);
  }
  return { visible, errors };
}

/**
 * The first server of the session (configuration order) whose license the caller's token on it
 * can read; undefined when none can. A server that fails is tried past (one server: its error is
 * the answer, as it always was); when none can and one failed, that failure is the answer.
 */
async function licenseReader(context: GraphQLContext): Promise<string | undefined> {
  const single = oneServer(context);
  let failure: GraphQLError | undefined;
  for (const name of context.servers.select(null)) {
    try {
      if (await readsLicense(context.servers.api(name))) return name;
    } catch (error) {
      if (single) throw error;
      failure ??= serverError(name, error);
    }
  }
  if (failure) throw failure;
  return undefined;
}

export const alertResolvers: Resolvers = {
  Query: {
    alerts: async (_parent, { servers, first, after, state }, context, info) => {
      const size = first ?? 30;
      if (!Number.isInteger(size) || size < 1 || size > MAX_ALERTS_PAGE) throw badUserInput(`Argument "first" must be 1 to ${MAX_ALERTS_PAGE}.`);
      const cursor = after == null ? null : shortString(after, 'after');
      const { alerts } = context;
      if (!alerts) {
        if (servers != null) context.servers.select(servers);
        return EMPTY;
      }
      // The servers named are checked before any upstream call; each is read with the caller's own token on it.
      const names = context.servers.select(servers);
      const { visible, errors } = reported(await visibilities(context, names), context.partialErrors, info);
      if (visible.size === 0) return EMPTY;
      return alerts.store.page({ first: size, after: cursor, state: state ?? null, visible: (alert) => canSee(visible, alert) });
    },
  },
  Mutation: {
    testAlertTarget: async (_parent, { name }, context) => {
      const target = shortString(name, 'name');
      const server = await licenseReader(context);
      if (server === undefined) throw facadeError('FORBIDDEN', 'Only callers who can read the server-wide resources (the license) of a server may test alert targets.');
      const { alerts } = context;
      if (!alerts || !alerts.targets.includes(target)) throw badUserInput(`There is no alert target named "${target}" in ALERTS_FILE.`);
      return alerts.sendTest(target, server);
    },
  },
  Subscription: {
    alertRaised: {
      subscribe: async (_parent, { servers }, context) => {
        const { alerts, live } = context;
        if (!alerts) {
          if (servers != null) context.servers.select(servers);
          return (async function* nothing() {})();
        }
        const names = context.servers.select(servers);
        // Counted against the caller's subscriptions before any upstream call; released when the stream ends.
        const release = live.hold();
        try {
          const { visible, errors } = await visibilities(context, names);
          // A server whose visibility cannot be read is left out; with none left the stream has nothing to show.
          if (visible.size === 0 && errors[0]) throw errors[0];
          return alertStream(alerts, visible, release);
        } catch (error) {
          release();
          throw error;
        }
      },
      resolve: (alert: Alert) => alert,
    },
  },
  Alert: {
    server: (alert) => ({ name: alert.server }),
  },
  AlertConnection: {
    nodes: (page) => page.alerts,
    pageInfo: (page) => ({ hasNextPage: page.hasNextPage, endCursor: page.endCursor }),
  },
};
