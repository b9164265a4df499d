import type { GraphQLContext } from '../context.js';
import type { Resolvers } from '../generated/resolvers.generated.js';
import { badUserInput } from '../errors.js';
import { oneServer } from './cross-server.js';
import type { TokenDto } from '../upstream/types.js';

const MAX_CREDENTIAL_LENGTH = 4096;

function credential(value: string, argument: string): string {
  if (value.length === 0 || value.length > MAX_CREDENTIAL_LENGTH) {
    throw badUserInput(`Argument "${argument}" must be 1 to ${MAX_CREDENTIAL_LENGTH} characters.`);
  }
  return value;
}

/** `.expires` has no documented format; use it when it parses, else count from now. */
function expiresAt(token: TokenDto): string {
  const stated = token['.expires'] ? Date.parse(token['.expires']) : NaN;
  return new Date(Number.isNaN(stated) ? Date.now() + token.expires_in * 1000 : stated).toISOString();
}

/**
 * The backup server's own tokens serve one configured server: with several, a plain token
 * opens nothing (the session's mutations replace these), so the mutation is refused before
 * any upstream call, naming the one to use.
 */
function oneConfiguredServer(context: GraphQLContext, mutation: string, instead: string): void {
  if (!oneServer(context)) {
    throw badUserInput(`Several backup servers are configured (${context.servers.configured.join(', ')}): ${mutation} serves one server only; use ${instead}.`);
  }
}

export const authResolvers: Resolvers = {
  Mutation: {
    createToken: (_parent, { username, password }, context) => {
      oneConfiguredServer(context, 'createToken', 'createSession(credentials: [{ server, username, password }]) and send its session token');
      return context.api.createToken(credential(username, 'username'), credential(password, 'password'));
    },
    refreshToken: (_parent, { refreshToken }, context) => {
      oneConfiguredServer(context, 'refreshToken', 'refreshSession(token:) to renew a session token');
      return context.api.refreshToken(credential(refreshToken, 'refreshToken'));
    },
    signOut: (_parent, _args, context) => {
      oneConfiguredServer(context, 'signOut', 'signOutSession to end a session');
      return context.api.signOut();
    },
  },
  Token: {
    accessToken: (token) => token.access_token,
    refreshToken: (token) => token.refresh_token,
    tokenType: (token) => token.token_type,
    expiresIn: (token) => token.expires_in,
    expiresAt,
    userName: (token) => token.userName ?? null,
  },
};
