import type { Resolvers } from '../generated/resolvers.generated.js';
import { badUserInput } from '../errors.js';
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

export const authResolvers: Resolvers = {
  Mutation: {
    createToken: (_parent, { username, password }, { api }) =>
      api.createToken(credential(username, 'username'), credential(password, 'password')),
    refreshToken: (_parent, { refreshToken }, { api }) => api.refreshToken(credential(refreshToken, 'refreshToken')),
    signOut: (_parent, _args, { api }) => api.signOut(),
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
