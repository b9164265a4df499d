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

type AnswerError = CombinedError['graphQLErrors'][number];

/** An error's field without the list indices: `restorePoints`, `servers.health`. */
const fieldOf = (e: AnswerError): string => (e.path ?? []).filter((part) => typeof part === 'string').join('.');

/** The backup server a cross-server error names (`extensions.server`), if any. */
const serverOf = (e: AnswerError): string | undefined => (typeof e.extensions['server'] === 'string' ? e.extensions['server'] : undefined);

const notSupported = (e: AnswerError) => e.extensions['code'] === 'NOT_SUPPORTED_BY_SERVER';

/**
 * The problems of a query that reads resources not every API version has: a
 * `NOT_SUPPORTED_BY_SERVER` at one of `optional` (a root field such as `restorePoints`, or a
 * field under a list such as `servers.health`) is no failure, `Unavailable` says so where the
 * part would be; every other problem is listed.
 */
export function PartialProblems({ error, context, optional }: { error: CombinedError | undefined; context: string; optional: readonly string[] }) {
  const expected = (e: AnswerError) => notSupported(e) && (optional.includes(String(e.path?.[0])) || optional.includes(fieldOf(e)));
  const others = error?.graphQLErrors.filter((e) => !expected(e)) ?? [];
  const problems = error && (others.length > 0 || error.networkError) ? problemsOf(new CombinedError({ graphQLErrors: others, networkError: error.networkError })) : [];
  return <ProblemList problems={problems} context={context} />;
}

/** Whether the server's API version cannot serve the root field `field` at all (one server's answer). */
export function unsupportedAt(error: CombinedError | undefined, field: string): boolean {
  return (error?.graphQLErrors ?? []).some((e) => notSupported(e) && e.path?.[0] === field && serverOf(e) === undefined);
}

/** The servers whose API version cannot serve `field` (`restorePoints`, `servers.health`) in a cross-server answer. */
export function unsupportedServers(error: CombinedError | undefined, field: string): string[] {
  return (error?.graphQLErrors ?? []).flatMap((e) => (notSupported(e) && fieldOf(e) === field && serverOf(e) !== undefined ? [serverOf(e)!] : []));
}

/** A part of a view the backup server's API version does not have. */
export function Unavailable({ apiVersion, server }: { apiVersion: string | undefined; server?: string | undefined }) {
  return (
    <p class="unavailable muted" data-server={server}>
      {server ? (
        <>
          <span class="server-name">{server}</span>{' '}
        </>
      ) : null}
      not available on API {apiVersion ?? 'this version'}
    </p>
  );
}
