/**
 * One job: details, schedule, organization, recent sessions, and the live-operation buttons.
 * A button the user may not use is disabled with the reason next to it: the job's state
 * (disabled, already running, nothing to stop) or the server's earlier FORBIDDEN answer.
 */
import type { CombinedError } from '@urql/core';
import { useState } from 'preact/hooks';
import { FINAL, Problems, ProblemList, Stamp, StatusBadge } from '../components.js';
import { humanMessage, problemsOf, type Problem } from '../errors.js';
import type { JobDetailsFragment } from '../gql/graphql.js';
import { lookupServer, useQuery, useScope, useServices } from '../hooks.js';
import { DisableJob, EnableJob, Job, StartJob, StopJob } from '../queries.js';
import { href } from '../route.js';

type Action = 'start' | 'stop' | 'enable' | 'disable';
const ACTIONS: readonly Action[] = ['start', 'stop', 'enable', 'disable'];
const LABEL: Readonly<Record<Action, string>> = { start: 'Start', stop: 'Stop', enable: 'Enable', disable: 'Disable' };

/** After a start without a session in the answer (v5-v7), look for it this often. */
const FIND_SESSION_TRIES = 8;
const FIND_SESSION_EVERY_MS = 1_000;

export function JobView({ id, server: named }: { id: string; server?: string | undefined }) {
  const { client } = useServices();
  const where = lookupServer(useScope(), named);
  const [reload, setReload] = useState(0);
  const query = useQuery(Job, { ...where, id }, `${where.server ?? ''}/${id}`, { reload });
  const [pending, setPending] = useState<Action | undefined>(undefined);
  const [problems, setProblems] = useState<Partial<Record<Action, readonly Problem[]>>>({});
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const job = query.data?.job ?? undefined;

  // Only before the first answer: a reload (after an action) keeps the view and its problems.
  if (query.fetching && query.data === undefined && query.error === undefined) return <p class="muted">Loading job…</p>;
  const recent = job?.sessions?.edges.map((edge) => edge.node) ?? [];
  const running = recent.find((s) => !FINAL.has(s.status));

  // Without the job's details (not visible to this user) its state is unknown: only the
  // server's answer to an attempt can disable a button.
  const reasons: Record<Action, string | undefined> = job
    ? {
        start: !job.isEnabled ? 'The job is disabled: enable it first.' : running ? 'A session of this job is running.' : undefined,
        stop: running ? undefined : 'No session of this job is running.',
        enable: job.isEnabled ? 'The job is already enabled.' : undefined,
        disable: job.isEnabled ? undefined : 'The job is already disabled.',
      }
    : { start: undefined, stop: undefined, enable: undefined, disable: undefined };
  for (const action of ACTIONS) {
    if (problems[action]?.some((p) => p.code === 'FORBIDDEN')) reasons[action] = humanMessage('FORBIDDEN');
  }

  const run = async (action: Action) => {
    setPending(action);
    setNotice(undefined);
    setProblems((p) => ({ ...p, [action]: [] }));
    let error: CombinedError | undefined;
    let sessionId: string | undefined;
    if (action === 'start') {
      const result = await client.mutation(StartJob, { ...where, id }).toPromise();
      error = result.error;
      sessionId = result.data?.startJob.session?.id;
      if (result.data && !sessionId) {
        sessionId = await findStartedSession(async () => {
          const read = await client.query(Job, { ...where, id }).toPromise();
          return read.data?.job?.sessions?.edges.find((edge) => !FINAL.has(edge.node.status))?.node.id;
        });
      }
    } else {
      const document = action === 'stop' ? StopJob : action === 'enable' ? EnableJob : DisableJob;
      error = (await client.mutation(document, { ...where, id }).toPromise()).error;
    }
    setPending(undefined);
    setProblems((p) => ({ ...p, [action]: problemsOf(error) }));
    if (!error) setNotice(`${LABEL[action]}: done.`);
    if (sessionId) {
      window.location.hash = href.session(sessionId, named);
      return;
    }
    setReload((n) => n + 1);
  };

  const actions = (
    <>
      <div class="actions" role="group" aria-label="Job actions">
        {ACTIONS.map((action) => (
          <div class="action" key={action}>
            <button
              type="button"
              name={action}
              disabled={pending !== undefined || reasons[action] !== undefined}
              title={reasons[action]}
              onClick={() => void run(action)}
            >
              {pending === action ? `${LABEL[action]}…` : LABEL[action]}
            </button>
            {reasons[action] ? <span class="reason small muted">{reasons[action]}</span> : null}
          </div>
        ))}
      </div>
      {notice ? <p class="notice">{notice}</p> : null}
      {ACTIONS.map((action) => (
        <ProblemList key={action} problems={problems[action] ?? []} context={LABEL[action]} />
      ))}
    </>
  );

  if (job === undefined) {
    // A job id from a link or a colleague: its details are not visible to this user (or it is
    // gone), but an operator may still try to act on it and get the server's answer.
    return (
      <section class="job-view" data-job-id={id}>
        <p class="crumbs">
          <a href={href.timeline()}>← Sessions</a>
        </p>
        <header class="view-header">
          <h2 class="mono">Job {id}</h2>
        </header>
        <Problems error={query.error} context="Job" />
        {actions}
      </section>
    );
  }

  const organization = job.organization;
  return (
    <section class="job-view" data-job-id={job.id}>
      <p class="crumbs">
        <a href={href.timeline()}>← Sessions</a>
      </p>
      <header class="view-header">
        <h2>{job.name}</h2>
        <span class="server-name" title="Backup server">
          {job.server.name}
        </span>
        {job.lastStatus ? <StatusBadge status={job.lastStatus} /> : null}
        <span class={`badge ${job.isEnabled ? 'enabled' : 'disabled'}`}>{job.isEnabled ? 'enabled' : 'disabled'}</span>
      </header>
      <Problems error={query.error} context="Job" />

      {actions}

      <div class="columns">
        <dl class="facts">
          <dt>Description</dt>
          <dd>{job.description || <span class="muted">—</span>}</dd>
          <dt>Protects</dt>
          <dd>{job.backupType === 'ENTIRE_ORGANIZATION' ? 'the entire organization' : job.backupType === 'SELECTED_ITEMS' ? 'selected items' : 'unknown'}</dd>
          <dt>Schedule</dt>
          <dd>{schedule(job.schedulePolicy)}</dd>
          <dt>Last run</dt>
          <dd>
            <Stamp value={job.lastRun} />
          </dd>
          <dt>Next run</dt>
          <dd>
            <Stamp value={job.nextRun} />
          </dd>
        </dl>
        <dl class="facts">
          <dt>Organization</dt>
          <dd>{organization?.name ?? <span class="muted">—</span>}</dd>
          <dt>Type</dt>
          <dd>{organization?.type.toLowerCase().replace('_', ' ') ?? '—'}</dd>
          <dt>Region</dt>
          <dd>{organization?.region ?? '—'}</dd>
          <dt>Services</dt>
          <dd>
            {organization
              ? [
                  organization.isExchangeOnline ? 'Exchange' : undefined,
                  organization.isSharePointOnline ? 'SharePoint' : undefined,
                  organization.isTeamsOnline ? 'Teams' : undefined,
                ]
                  .filter((s) => s !== undefined)
                  .join(', ') || '—'
              : '—'}
          </dd>
        </dl>
      </div>

      <h3>Recent sessions</h3>
      <table class="sessions">
        <thead>
          <tr>
            <th>Status</th>
            <th>Started</th>
            <th>Ended</th>
            <th>Progress</th>
          </tr>
        </thead>
        <tbody>
          {recent.map((session) => (
            <tr key={session.id} data-session-id={session.id}>
              <td>
                <StatusBadge status={session.status} text={session.statusText} />
              </td>
              <td>
                <a href={href.session(session.id, named)}>
                  <Stamp value={session.creationTime} />
                </a>
              </td>
              <td>{session.endTime ? <Stamp value={session.endTime} /> : <span class="muted">running</span>}</td>
              <td>{session.progress ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function schedule(policy: JobDetailsFragment['schedulePolicy']): string {
  if (!policy) return '—';
  const retry = policy.retryEnabled ? `; retries ${policy.retryNumber ?? '?'}× every ${policy.retryWaitInterval ?? '?'} min` : '';
  switch (policy.type) {
    case 'DAILY':
      return `daily (${policy.dailyType ?? 'every day'}) at ${policy.dailyTime ?? '?'}${retry}`;
    case 'PERIODICALLY':
      return `every ${policy.periodicallyEvery ?? '?'}${retry}`;
    case 'MANUAL_ONLY':
      return 'manual only';
    default:
      return 'unknown';
  }
}

/** The job's running session that a start created (v5-v7 answer the start without it). */
async function findStartedSession(read: () => Promise<string | undefined>): Promise<string | undefined> {
  for (let attempt = 0; attempt < FIND_SESSION_TRIES; attempt++) {
    const found = await read();
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, FIND_SESSION_EVERY_MS));
  }
  return undefined;
}
