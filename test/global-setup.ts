import { buildFacade } from '../scripts/build.js';

/** Tests that start the process run what `npm start` runs: the built `dist/index.mjs`. */
export default async function setup(): Promise<void> {
  await buildFacade();
}
