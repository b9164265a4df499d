/** The servers a view reads, and the arguments that name them (no GraphQL or Preact here). */
/**
 * Which servers the views read: `held` are the servers the session holds a sign-in to (empty
 * for a single-server token), `picked` the one the server picker names (undefined: all).
 */
export interface Scope {
  readonly held: readonly string[];
  readonly picked: string | undefined;
  readonly pick: (server: string | undefined) => void;
}

/** The `servers:` argument of the lists: the picked server, or none (every server of the session). */
export function listServers(scope: Scope): { servers?: string[] } {
  return scope.picked === undefined ? {} : { servers: [scope.picked] };
}

/**
 * The `server:` argument of a lookup or subscription: the server the link named, else the
 * picked one, else the session's only server; none for a single-server token.
 */
export function lookupServer(scope: Scope, named: string | undefined): { server?: string } {
  const server = named ?? scope.picked ?? (scope.held.length === 1 ? scope.held[0] : undefined);
  return server === undefined ? {} : { server };
}

/** Whether the session holds several servers (root fields without `server:` cannot be read then). */
export function severalServers(scope: Scope): boolean {
  return scope.held.length > 1;
}

/** The servers a session holds a sign-in to, by name; empty for a single-server token. */
export function heldServers(signedIn: { readonly kind: string; readonly servers?: readonly { server: string; ok: boolean }[] } | undefined): string[] {
  return signedIn?.kind === 'session' ? (signedIn.servers ?? []).filter((s) => s.ok).map((s) => s.server) : [];
}
