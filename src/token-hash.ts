import { createHash, createHmac } from 'node:crypto';

/**
 * The one-way id of a token (or any other secret a caller presents) wherever the facade keeps
 * one: cache keys, the fair-queue lane, the cluster cap, live pollers and leases, the sign-in
 * counters. HMAC-SHA256 under the per-deployment secret (CACHE_KEY_SECRET) when one is set, so
 * a copy of Redis reveals nothing that can be checked against a guessed token; else SHA-256
 * with a fixed prefix. Both are one-way: one caller's id tells nothing about another's.
 */
export function tokenHash(token: string, secret?: string): string {
  return secret
    ? createHmac('sha256', secret).update(token).digest('base64url')
    : createHash('sha256').update('vbm365-graphql cache\0').update(token).digest('base64url');
}
