import { defineResource } from './define.js';

/** A backup copy job (v6+): recognised in links, not read (the schema's Job is a backup job). */
export default defineResource({
  name: 'copyJob',
  what: 'copy job',
  routes: { copyJob: 'copyjobs/{id}' },
  decoders: {},
  costs: {},
});
