import type { Resolvers } from '../generated/resolvers.generated.js';
import { alertStream, canSee, visibilityOf } from '../alerts/access.js';
import type { Alert, AlertPage } from '../alerts/types.js';
import { badUserInput, facadeError } from '../errors.js';

/** Alerts per page at most. */
const MAX_ALERTS_PAGE = 100;
/** Longest `after` cursor and target name accepted (store cursors and names are short). */
const MAX_ARGUMENT_LENGTH = 256;

const EMPTY: AlertPage = { alerts: [], endCursor: null, hasNextPage: false };

function shortString(value: string, argument: string): string {
  if (value.length === 0 || value.length > MAX_ARGUMENT_LENGTH) throw badUserInput(`Argument "${argument}" must be 1 to ${MAX_ARGUMENT_LENGTH} characters.`);
  return value;
}

export const alertResolvers: Resolvers = {
  Query: {
    alerts: async (_parent, { first, after, state }, { api, alerts }) => {
      const size = first ?? 30;
      if (!Number.isInteger(size) || size < 1 || size > MAX_ALERTS_PAGE) throw badUserInput(`Argument "first" must be 1 to ${MAX_ALERTS_PAGE}.`);
      const cursor = after == null ? null : shortString(after, 'after');
      if (!alerts) return EMPTY;
      // What the caller may see, read with the caller's own token.
      const visibility = await visibilityOf(api);
      return alerts.store.page({ first: size, after: cursor, state: state ?? null, visible: (alert) => canSee(visibility, alert) });
    },
  },
  Mutation: {
    testAlertTarget: async (_parent, { name }, { api, alerts }) => {
      const target = shortString(name, 'name');
      const { serverWide } = await visibilityOf(api);
      if (!serverWide) throw facadeError('FORBIDDEN', 'Only callers who can read the server-wide resources (the license) may test alert targets.');
      if (!alerts || !alerts.targets.includes(target)) throw badUserInput(`There is no alert target named "${target}" in ALERTS_FILE.`);
      return alerts.sendTest(target);
    },
  },
  Subscription: {
    alertRaised: {
      subscribe: async (_parent, _args, { api, alerts, live }) => {
        if (!alerts) return (async function* nothing() {})();
        // Counted against the caller's subscriptions before any upstream call; released when the stream ends.
        const release = live.hold();
        try {
          return alertStream(alerts, await visibilityOf(api), release);
        } catch (error) {
          release();
          throw error;
        }
      },
      resolve: (alert: Alert) => alert,
    },
  },
  AlertConnection: {
    nodes: (page) => page.alerts,
    pageInfo: (page) => ({ hasNextPage: page.hasNextPage, endCursor: page.endCursor }),
  },
};
