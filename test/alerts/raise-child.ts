/**
 * A process that raises one alert in the file store under STATE_DIR, prints "raised" once
 * `raise` resolved, and then waits to be killed: nothing is delivered by it.
 */
import { createFileAlertStore } from '../../src/alerts/file-store.js';
import { failedSession } from './fixtures.js';

const store = await createFileAlertStore({ dir: process.argv[2]! });
const raised = await store.raise(failedSession(process.argv[3]!), process.argv.slice(4));
console.log(raised ? 'raised' : 'duplicate');
setInterval(() => undefined, 60_000);
