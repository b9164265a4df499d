import type { LogItemStatus } from '../../schema-types.generated.js';
import type { LogItemModel } from '../../model.js';
import { LOG_TYPE, TITLE_STATUS } from '../enums.js';
import { Fields, isSetTime, type Decoder } from '../decode.js';
import { defineResource, free, fromVersion, once } from './define.js';

const PREFIX = /^\[([^\]]*)\]\s*/;

/** Splits `[Success] Job started at ...` into its status and message. */
export function parseTitle(title: string): { status: LogItemStatus; message: string } {
  const match = PREFIX.exec(title);
  if (!match) return { status: 'UNKNOWN', message: title };
  const status = TITLE_STATUS[(match[1] ?? '').trim().toLowerCase()] ?? 'UNKNOWN';
  return { status, message: title.slice(match[0].length) };
}

/** A v5-v7 log item: status and message come from its title. */
export const decodeTitledLogItem: Decoder<LogItemModel> = (value) => {
  const f = Fields.of(value, 'log item');
  const title = f.string('title');
  return {
    id: f.guid('id'),
    usn: f.long('usn'),
    title,
    ...parseTitle(title),
    creationTime: f.dateTime('creationTime'),
    endTime: f.optionalDateTime('endTime'),
    links: f.links(),
  };
};

/**
 * A v8 log item has `type` and `message` instead of a title. The title is composed as
 * `[<Word>] <message>` with the word v5-v7 titles use for that status, so it reads the same
 * on every version.
 */
export const decodeTypedLogItem: Decoder<LogItemModel> = (value) => {
  const f = Fields.of(value, 'log item');
  const type = f.optionalString('type');
  const message = f.string('message');
  const known = type !== null && Object.hasOwn(LOG_TYPE, type) ? LOG_TYPE[type] : undefined;
  const word = known?.word ?? type;
  return {
    id: f.guid('id'),
    usn: f.long('usn'),
    title: word === null ? message : `[${word}] ${message}`,
    status: known?.status ?? 'UNKNOWN',
    message,
    creationTime: f.dateTime('creationTime'),
    endTime: f.optionalDateTime('endTime'),
    links: f.links(),
  };
};

/** `/JobSessions/{id}/LogItems/{id}` and the session's pages of them. */
export default defineResource({
  name: 'logItem',
  what: 'log item',
  routes: {
    logItem: 'jobsessions/{id}/logitems/{id}',
    logItemPage: 'jobsessions/{id}/logitems',
  },
  decoders: fromVersion({ v5: decodeTitledLogItem, v8: decodeTypedLogItem }),
  finished: (item) => isSetTime(item.endTime),
  costs: {
    LogItem: { id: free, usn: free, title: free, status: free, message: free, creationTime: free, endTime: free, jobSession: once },
    LogItemConnection: 'free',
    LogItemEdge: 'free',
  },
});
