import { createHmac } from 'node:crypto';
import type { Alert, AlertTargetConfig } from './types.js';

/** One HTTP request to a target: what `send` posts. */
export interface TargetRequest {
  body: string;
  headers: Record<string, string>;
}

/** The `X-Signature-256` value of a body under a webhook secret: `sha256=<hex HMAC-SHA256>`. */
export function signature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** What each target type is sent for one alert. */
export function targetRequest(target: AlertTargetConfig, alert: Alert, options: { test?: boolean } = {}): TargetRequest {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-alert-id': alert.id };
  let body: string;
  switch (target.type) {
    case 'webhook':
      // The alert object itself at the top level.
      body = JSON.stringify(alert);
      if (target.secret !== undefined) headers['x-signature-256'] = signature(target.secret, body);
      break;
    case 'slack':
      body = JSON.stringify(slackMessage(alert, options.test === true));
      break;
    case 'teams':
      body = JSON.stringify(teamsMessage(alert, options.test === true));
      break;
  }
  return { body, headers };
}

function title(alert: Alert, test: boolean): string {
  const mark = alert.state === 'RESOLVED' ? 'Resolved' : alert.severity === 'CRITICAL' ? 'Critical' : 'Warning';
  return `${test ? '[TEST] ' : ''}${mark}: ${alert.kind} on ${alert.server} – ${alert.subject.name ?? alert.subject.id}`;
}

function facts(alert: Alert): Array<[string, string]> {
  const list: Array<[string, string]> = [
    ['State', alert.state],
    ['Severity', alert.severity],
    ['Server', alert.server],
    [alert.subject.type, alert.subject.name ?? alert.subject.id],
  ];
  if (alert.subject.job) list.push(['Job', alert.subject.job.name ?? alert.subject.job.id]);
  if (alert.subject.organization) list.push(['Organization', alert.subject.organization.name ?? alert.subject.organization.id]);
  list.push(['Raised', alert.raisedAt]);
  if (alert.resolvedAt) list.push(['Resolved', alert.resolvedAt]);
  list.push(['Alert id', alert.id]);
  return list;
}

/** Slack's mrkdwn escapes only `&`, `<` and `>`. */
function mrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A Slack incoming-webhook message: Block Kit blocks plus the `text` notifications fall back to. */
export function slackMessage(alert: Alert, test = false): Record<string, unknown> {
  const heading = title(alert, test);
  const blocks: Array<Record<string, unknown>> = [
    { type: 'header', text: { type: 'plain_text', text: heading.slice(0, 150), emoji: false } },
    { type: 'section', text: { type: 'mrkdwn', text: mrkdwn(alert.message).slice(0, 3000) } },
    { type: 'section', fields: facts(alert).slice(0, 10).map(([name, value]) => ({ type: 'mrkdwn', text: `*${name}*\n${mrkdwn(value)}`.slice(0, 2000) })) },
  ];
  if (alert.link) {
    blocks.push({ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open in the dashboard' }, url: alert.link, action_id: 'open' }] });
  }
  return { text: `${heading}: ${alert.message}`.slice(0, 3000), blocks };
}

/** A Teams workflow-webhook message: one Adaptive Card attachment. */
export function teamsMessage(alert: Alert, test = false): Record<string, unknown> {
  const card: Record<string, unknown> = {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.4',
    body: [
      {
        type: 'TextBlock',
        text: title(alert, test),
        size: 'Large',
        weight: 'Bolder',
        wrap: true,
        color: alert.state === 'RESOLVED' ? 'Good' : alert.severity === 'CRITICAL' ? 'Attention' : 'Warning',
      },
      { type: 'TextBlock', text: alert.message, wrap: true },
      { type: 'FactSet', facts: facts(alert).map(([name, value]) => ({ title: name, value })) },
    ],
    actions: alert.link ? [{ type: 'Action.OpenUrl', title: 'Open in the dashboard', url: alert.link }] : [],
  };
  return { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: card }] };
}
