import type { BackupApi } from '../datasource/backup-api.js';

/** One poll result as the leader publishes it to the other replicas. */
export interface LiveMessage {
  /** The publishing replica (it ignores its own messages). */
  from: string;
  events: unknown[];
  snapshot?: unknown;
  done: boolean;
  /** The leader's poll failed for good (e.g. UNAUTHENTICATED): followers end their subscribers with it. */
  error?: { code: string; message: string };
  /** From a follower that has had no message yet: the leader publishes its snapshot again (no read). */
  ask?: boolean;
}

/** Pub/sub between replicas (Redis); topics are per caller and resource. */
export interface LiveBus {
  publish(topic: string, message: LiveMessage): void;
  /** Returns the unsubscribe. */
  subscribe(topic: string, listener: (message: LiveMessage) => void): () => void;
}

/**
 * Who polls a shared stream in the cluster: one replica holds a key's lease at a time. The app
 * passes the Redis leases of cluster/poller-lease.ts.
 */
export interface LeaderElection {
  /** Takes the lease if free (or already ours, then renews it); true means this replica polls. */
  tryLead(key: string, ttlMs: number): Promise<boolean>;
  /** Extends our lease; false when it expired or another replica took it. */
  renew(key: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease up if it is ours, so another replica takes over at once. */
  release(key: string): Promise<void>;
}

/**
 * With it, one replica in the cluster polls a (caller, resource) pair and publishes each result;
 * the replicas with subscribers of their own follow. Without it, every process polls for itself.
 */
export interface LiveCluster {
  replicaId: string;
  leases: LeaderElection;
  bus: LiveBus;
  /** A one-way id of the caller, the same on every replica (`tokenHash`): topics and leases never hold a token. */
  callerKey(token: string): string;
}

/**
 * Builds the api a poll reads with: a fresh client and fresh loaders, with the watcher's token.
 * `pollerId` goes upstream as the request id, so the backup server's log shows one poller.
 */
export type ApiForToken = (token: string, signal: AbortSignal, pollerId: string) => BackupApi;
