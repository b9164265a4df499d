/** Small shared pieces: status badges, problem lists, timestamps with full precision on hover. */
import { CombinedError } from '@urql/core';
import { problemsOf, type Problem } from './errors.js';
import { localClock, localTime } from './format.js';
import type { JobSessionStatus, LogItemStatus } from './gql/graphql.js';

const LABELS: Readonly<Record<JobSessionStatus | LogItemStatus, string>> = {
  STOPPED: 'Stopped',
  RUNNING: 'Running',
  SUCCESS: 'Success',
  WARNING: 'Warning',
  FAILED: 'Failed',
  DISCONNECTED: 'Disconnected',
  NOT_CONFIGURED: 'Not configured',
  QUEUED: 'Queued',
  UNKNOWN: 'Unknown',
};

/** Statuses after which a session changes no more. */
export const FINAL: ReadonlySet<JobSessionStatus> = new Set(['STOPPED', 'SUCCESS', 'WARNING', 'FAILED', 'DISCONNECTED', 'NOT_CONFIGURED']);

export function StatusBadge({ status, text }: { status: JobSessionStatus | LogItemStatus; text?: string | undefined }) {
  return (
    <span class={`badge status-${status.toLowerCase()}`} data-status={status} title={text}>
      {status === 'UNKNOWN' && text ? text : LABELS[status]}
    </span>
  );
}

/** A server timestamp in local time; the tooltip (and `datetime`) keep the server's exact string. */
export function Stamp({ value, clock = false }: { value: string | null | undefined; clock?: boolean }) {
  if (!value) return <span class="muted">—</span>;
  return (
    <time dateTime={value} title={value}>
      {clock ? localClock(value) : localTime(value)}
    </time>
  );
}

export function ProblemList({ problems, context }: { problems: readonly Problem[]; context?: string }) {
  if (problems.length === 0) return null;
  return (
    <ul class="problems" role="alert">
      {problems.map((problem) => (
        <li key={problem.code} class="problem" data-code={problem.code}>
          {context ? `${context}: ` : ''}
          {problem.message} <code>{problem.code}</code>
          {problem.path ? <span class="muted"> at {problem.path}</span> : null}
        </li>
      ))}
    </ul>
  );
}

export function Problems({ error, context }: { error: CombinedError | undefined; context?: string }) {
  return <ProblemList problems={problemsOf(error)} context={context} />;
}

/**
 * The problems of a query that reads resources not every API version has: a
 * `NOT_SUPPORTED_BY_SERVER` at one of `optional` (a root field) is no failure, `Unavailable`
 * says so where the part would be; every other problem is listed.
 */
export function PartialProblems({ error, context, optional }: { error: CombinedError | undefined; context: string; optional: readonly string[] }) {
  const expected = (e: CombinedError['graphQLErrors'][number]) => e.extensions['code'] === 'NOT_SUPPORTED_BY_SERVER' && optional.includes(String(e.path?.[0]));
  const others = error?.graphQLErrors.filter((e) => !expected(e)) ?? [];
  const problems = error && (others.length > 0 || error.networkError) ? problemsOf(new CombinedError({ graphQLErrors: others, networkError: error.networkError })) : [];
  return <ProblemList problems={problems} context={context} />;
}

/** Whether the server's API version cannot serve the root field `field`. */
export function unsupportedAt(error: CombinedError | undefined, field: string): boolean {
  return (error?.graphQLErrors ?? []).some((e) => e.extensions['code'] === 'NOT_SUPPORTED_BY_SERVER' && e.path?.[0] === field);
}

/** A part of a view the backup server's API version does not have. */
export function Unavailable({ apiVersion }: { apiVersion: string | undefined }) {
  return <p class="unavailable muted">not available on API {apiVersion ?? 'this version'}</p>;
}
