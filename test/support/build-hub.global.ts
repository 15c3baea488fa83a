import { buildHub } from '../../deploy/build-hub.ts';

/** Vitest's global setup: the hub bundle the flows start (spawnHub) is built from this tree once per run. */
export default async function setup(): Promise<void> {
  await buildHub();
}
