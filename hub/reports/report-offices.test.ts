import { afterAll, describe, expect, it } from 'vitest';
import { press, testDb, ingestAt } from '../../test/support/test-records.ts';
import { readOffices } from '../db/offices.ts';
import { registerDevice, revokeDevice } from '../devices/credentials.ts';
import { createLinkStore } from '../devices/link-store.ts';
import type { RecordSource } from '../records/record-source.ts';
import { sqlOverSqlite } from '../sql/central-sql.ts';
import { sqliteRecordSource } from './record-source.ts';
import { reportOffices } from './report-offices.ts';
import { REGION } from './scope.ts';

const NOW = Date.parse('2026-12-01T09:00:00.000Z');
const db = testDb();
afterAll(() => db.close());
const sql = sqlOverSqlite(db);

// kostroma: a driver; buy: a revoked driver only; volgorechensk: a kiosk only; galich: a known panel only;
// nerekhta: a stored press only; makaryev: a revoked driver and a press; the rest: nothing.
await registerDevice(sql, { id: 'drv-kostroma', officeId: 'kostroma', kind: 'panel-driver', name: 'пульты' }, NOW);
await registerDevice(sql, { id: 'drv-buy', officeId: 'buy', kind: 'panel-driver', name: 'пульты' }, NOW);
await revokeDevice(sql, 'drv-buy', NOW);
await registerDevice(sql, { id: 'kiosk-volgorechensk', officeId: 'volgorechensk', kind: 'kiosk', name: 'киоск' }, NOW);
await createLinkStore(sql).notePanel(sql, { officeId: 'galich', panelId: 'p1', deviceId: 'drv-galich', firstSeenAt: NOW });
await registerDevice(sql, { id: 'drv-makaryev', officeId: 'makaryev', kind: 'panel-driver', name: 'пульты' }, NOW);
await revokeDevice(sql, 'drv-makaryev', NOW);
ingestAt(db, NOW, [press('drv-nerekhta', 'p1', NOW - 60_000, { officeId: 'nerekhta' })]);
ingestAt(db, NOW, [press('drv-makaryev', 'p1', NOW - 60_000, { officeId: 'makaryev' })]);
const directory = await readOffices(sql);

/** The SQLite records, remembering which offices the presses were asked for. */
function watchedRecords(): { records: RecordSource; asked: (readonly string[])[] } {
  const inner = sqliteRecordSource(db);
  const asked: (readonly string[])[] = [];
  return { asked, records: { ...inner, officesWithPresses: (ids) => (asked.push([...ids]), inner.officesWithPresses(ids)) } };
}

describe('the offices of a report and the evidence of their panels', () => {
  it('a driver, a known panel or a stored press; a revoked driver or a kiosk is no evidence', async () => {
    const { records, asked } = watchedRecords();
    const offices = await reportOffices(sql, records, directory, REGION, { start: NOW });
    expect(offices.map((o) => o.id)).toEqual(directory.map((o) => o.id));
    expect(offices.filter((o) => o.hasPanel).map((o) => o.id)).toEqual(['kostroma', 'galich', 'nerekhta', 'makaryev']);
    // The presses are asked once, for the offices without a driver or a known panel.
    expect(asked).toEqual([directory.map((o) => o.id).filter((id) => id !== 'kostroma' && id !== 'galich')]);
  });

  it('only the offices in scope, in the directory\'s order; an office closed before the period is left out', async () => {
    const { records } = watchedRecords();
    const scoped = await reportOffices(sql, records, directory, { officeIds: ['nerekhta', 'buy', 'galich'] }, { start: NOW });
    expect(scoped.map((o) => [o.id, o.hasPanel])).toEqual([['buy', false], ['galich', true], ['nerekhta', true]]);
    const closing = directory.map((o) => (o.id === 'galich' ? { ...o, closedAt: NOW - 1 } : o.id === 'nerekhta' ? { ...o, closedAt: NOW + 1 } : o));
    const closed = await reportOffices(sql, records, closing, { officeIds: ['nerekhta', 'buy', 'galich'] }, { start: NOW });
    expect(closed.map((o) => [o.id, o.closed, o.hasPanel])).toEqual([['buy', false, false], ['nerekhta', true, true]]);
  });

  it('no office in scope asks nothing', async () => {
    const { records, asked } = watchedRecords();
    expect(await reportOffices(sql, records, directory, { officeIds: [] }, { start: NOW })).toEqual([]);
    expect(asked).toEqual([]);
  });
});
