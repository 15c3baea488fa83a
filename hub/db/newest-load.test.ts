import { expect, it } from 'vitest';
import { newestLoadWins } from './newest-load.ts';

/** Two loads of one store overlapping, the older one finishing last: the newer one's value stays. */
it('the load started last wins, whatever order they finish in', async () => {
  const load = newestLoadWins();
  let held = 'none';
  let finishOld!: (v: string) => void;
  const older = load(() => new Promise<string>((resolve) => (finishOld = resolve)), (v) => (held = v));
  await load(async () => 'newer', (v) => (held = v));
  finishOld('older');
  await older;
  expect(held).toBe('newer');
  await load(async () => 'newest', (v) => (held = v));
  expect(held).toBe('newest');
});
