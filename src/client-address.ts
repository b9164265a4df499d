import { BlockList, isIP } from 'node:net';

/** An address or CIDR range as `TRUSTED_PROXIES` lists it, split and checked. */
export interface AddressRange {
  address: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

/** `127.0.0.1`, `192.0.2.0/24`, `::1` or `fd00::/8`; undefined when it is none of these. */
export function parseAddressRange(entry: string): AddressRange | undefined {
  const match = /^([^/]+)(?:\/(\d{1,3}))?$/.exec(entry.trim());
  if (!match) return undefined;
  const address = normaliseAddress(match[1]!);
  const version = isIP(address);
  if (version === 0) return undefined;
  const bits = version === 4 ? 32 : 128;
  const prefix = match[2] === undefined ? bits : Number(match[2]);
  if (prefix > bits) return undefined;
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

// An IPv4 peer on a dual-stack socket reads `::ffff:192.0.2.1`: compare and count it as IPv4.
function normaliseAddress(address: string): string {
  const lower = address.trim().toLowerCase();
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/.test(lower) ? lower.slice(7) : lower;
}

/** One `X-Forwarded-For` entry as an address: brackets and a port (`[::1]:80`, `192.0.2.1:80`) dropped. */
function hopAddress(entry: string): string {
  const trimmed = entry.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(trimmed);
  const withPort = /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(trimmed);
  // A malformed entry is still one client: kept as written, bounded (it only names a counter).
  return normaliseAddress(bracketed?.[1] ?? withPort?.[1] ?? trimmed).slice(0, 64);
}

/** Who sent a request: its socket peer, or the client a trusted proxy names. */
export type ClientAddressOf = (socketAddress: string | undefined, forwardedFor: string | null) => string;

/** Stands for a request that came without a socket (in-process `yoga.fetch`). */
export const UNKNOWN_CLIENT = 'unknown';

/**
 * The client address of a request. A peer in `trustedProxies` is believed about the hops before
 * it: `X-Forwarded-For` is read from the right (each proxy appends the peer it saw) and the first
 * address that is not a trusted proxy is the client; what the client itself wrote further left
 * is never reached. Any other peer is the client, whatever it sends.
 */
export function createClientAddress(trustedProxies: readonly string[]): ClientAddressOf {
  const trusted = new BlockList();
  for (const entry of trustedProxies) {
    const range = parseAddressRange(entry);
    if (range) trusted.addSubnet(range.address, range.prefix, range.family);
  }
  const isTrusted = (address: string) => {
    const version = isIP(address);
    return version !== 0 && trusted.check(address, version === 4 ? 'ipv4' : 'ipv6');
  };
  return (socketAddress, forwardedFor) => {
    let client = socketAddress ? normaliseAddress(socketAddress) : UNKNOWN_CLIENT;
    if (trustedProxies.length === 0 || !forwardedFor || !isTrusted(client)) return client;
    const hops = forwardedFor.split(',').map(hopAddress).filter((hop) => hop !== '');
    for (let i = hops.length - 1; i >= 0; i--) {
      client = hops[i]!;
      if (!isTrusted(client)) return client;
    }
    // Every hop is a trusted proxy: the left-most is as far back as anyone can say.
    return client;
  };
}
