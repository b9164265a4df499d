import { Agent } from 'undici';

/** How connections to the backup server are made: TLS trust and pool size. */
export interface DispatcherSettings {
  /** PEM bundle trusted for the upstream's TLS (instead of the public CAs) when set. */
  ca?: string;
  /** Skip TLS verification (development only). */
  tlsInsecure: boolean;
  /** Most sockets open to the upstream for requests; the pool keeps one more for probes. */
  maxConnections: number;
}

/**
 * The process's one keep-alive pool to the backup server. Every upstream request goes through
 * it, the version discovery and the readiness probe included, so all of them trust the same
 * certificates.
 */
export function createUpstreamDispatcher(settings: DispatcherSettings): Agent {
  return new Agent({
    // One spare socket for the readiness probe and the version discovery, which take no slot.
    connections: settings.maxConnections + 1,
    keepAliveTimeout: 10_000,
    connect: {
      ...(settings.ca ? { ca: settings.ca } : {}),
      rejectUnauthorized: !settings.tlsInsecure,
    },
  });
}

/** Node's codes for a TLS handshake refused on the certificate or the protocol. */
const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS|SSL/;

/**
 * The TLS error code when `cause` is a failed TLS handshake (unknown CA, self-signed, name
 * mismatch, expired certificate...), else undefined.
 */
export function tlsErrorCode(cause: unknown): string | undefined {
  for (let error = cause, depth = 0; typeof error === 'object' && error !== null && depth < 3; depth++) {
    if ('code' in error && typeof error.code === 'string' && TLS_CODES.test(error.code)) return error.code;
    error = 'cause' in error ? error.cause : undefined;
  }
  return undefined;
}
