import { badShape, Fields, type Decoder } from '../decode.js';
import { defineResource, fromVersion } from './define.js';

/** Item counts of a restore session (v8 `RESTRestoreSessionStatistics`). */
export interface RestoreStatisticsModel {
  total: number;
  restored: number;
  failed: number;
  skipped: number;
}

/** The four counts are required by the v8 spec, as is the `items` array (not read here). */
export const decodeRestoreStatistics: Decoder<RestoreStatisticsModel> = (value) => {
  const f = Fields.of(value, 'restore session statistics');
  const count = (key: string) => f.optionalInt(key) ?? badShape('restore session statistics');
  if (!Array.isArray(f.json.items)) badShape('restore session statistics');
  return {
    total: count('totalItemsCount'),
    restored: count('restoredItemsCount'),
    failed: count('failedItemsCount'),
    skipped: count('skippedItemsCount'),
  };
};

/** `/RestoreSessions/{id}/Statistics`, v8 only. */
export default defineResource({
  name: 'restoreSessionStatistics',
  what: 'restore session statistics',
  routes: {
    restoreSessionStatistics: 'restoresessions/{id}/statistics',
  },
  decoders: fromVersion({ v8: decodeRestoreStatistics }),
  costs: {
    RestoreStatistics: 'free',
  },
});
