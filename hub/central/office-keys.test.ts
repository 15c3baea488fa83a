import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { officesCommand } from '../cli/offices.ts';
import { readHubConfig, type HubConfig } from '../config.ts';
import { readOffice } from '../db/offices.ts';
import { seedOfficesOnSqlite } from '../../test/support/office-rows.ts';
import { openDatabase, type Db } from '../db/open.ts';
import { OFFICE_KEY_SECRET_RE } from '../forward/central-key.ts';
import { sqlOverSqlite, type CentralSql } from '../sql/central-sql.ts';
import { findOfficeKey, issueOfficeKey, listOfficeKeys, revokeOfficeKeys } from './office-keys.ts';
import { createOfficeSyncStore } from './office-sync.ts';
import { officeLinks } from './office-overview.ts';
import { listAudit, SHELL_ACTOR } from '../staff/audit.ts';

let db: Db;
let sql: CentralSql;
let config: HubConfig;
const now = Date.parse('2026-11-25T08:00:00.000Z'); // Wednesday 11:00 Moscow
beforeEach(() => {
  const dir = mkdtempSync(path.join(tmpdir(), 'keys-'));
  db = openDatabase(path.join(dir, 'central.sqlite')).db;
  seedOfficesOnSqlite(db);
  sql = sqlOverSqlite(db);
  const parsed = readHubConfig({ ROLE: 'central', DATA_DIR: dir, OFFICE_SILENCE_MINUTES: '30' });
  if (!parsed.ok) throw new Error(parsed.message);
  config = parsed.value;
});
afterEach(() => {
  vi.restoreAllMocks();
  db.close();
});

describe('office keys', () => {
  it('are issued once per office, with a secret of the documented shape, and looked up by id', async () => {
    const issued = await issueOfficeKey(sql, await readOffice(sql, 'sharya'), now);
    expect(issued.ok).toBe(true);
    if (!issued.ok) return;
    expect(issued.value.keyId).toMatch(/^sharya\.[0-9a-f]{12}$/);
    expect(issued.value.secret).toMatch(OFFICE_KEY_SECRET_RE);
    expect(await findOfficeKey(sql, issued.value.keyId)).toMatchObject({ officeId: 'sharya', secret: issued.value.secret, revokedAt: null });
    expect(await issueOfficeKey(sql, await readOffice(sql, 'sharya'), now)).toEqual({ ok: false, reason: 'key-exists' });
    expect(await issueOfficeKey(sql, await readOffice(sql, 'atlantis'), now)).toEqual({ ok: false, reason: 'unknown-office' });
  });
  it('rotate gives a second live key; revoke by key id or for the whole office', async () => {
    const a = await issueOfficeKey(sql, await readOffice(sql, 'sharya'), now);
    const b = await issueOfficeKey(sql, await readOffice(sql, 'sharya'), now, { rotate: true });
    if (!a.ok || !b.ok) throw new Error('not issued');
    expect(await revokeOfficeKeys(sql, 'sharya', now, a.value.keyId)).toBe(1);
    expect((await listOfficeKeys(sql)).map((k) => [k.keyId, k.revokedAt])).toEqual([
      [a.value.keyId, now],
      [b.value.keyId, null],
    ]);
    expect(await revokeOfficeKeys(sql, 'sharya', now)).toBe(1);
    expect(await revokeOfficeKeys(sql, 'sharya', now)).toBe(0);
    expect((await issueOfficeKey(sql, await readOffice(sql, 'sharya'), now)).ok).toBe(true);
  });
});

describe('offices CLI', () => {
  const run = async (args: string[]) => {
    const out: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: string) => void out.push(line));
    vi.spyOn(console, 'error').mockImplementation((line: string) => void out.push(line));
    const code = await officesCommand(sqlOverSqlite(db), db, config, args, now);
    vi.restoreAllMocks();
    return { code, out: out.join('\n') };
  };
  it('add prints the key once with the env lines; --json is machine-readable', async () => {
    const human = await run(['add', 'sharya', '--central-url', 'https://feedback.example.ru']);
    expect(human.code).toBe(0);
    expect(human.out).toMatch(/CENTRAL_URL=https:\/\/feedback\.example\.ru\nCENTRAL_KEY_ID=sharya\.[0-9a-f]{12}\nCENTRAL_KEY=czn_hub_/);
    const json = await run(['add', 'buy', '--json']);
    const parsed = JSON.parse(json.out) as { officeId: string; keyId: string; secret: string; env: string[] };
    expect(parsed).toMatchObject({ officeId: 'buy', keyId: expect.stringMatching(/^buy\./), secret: expect.stringMatching(OFFICE_KEY_SECRET_RE) });
    expect(parsed.env).toContain(`CENTRAL_KEY=${parsed.secret}`);
  });
  it('revoke and list; refuses to run on an office hub', async () => {
    await run(['add', 'sharya']);
    expect((await run(['revoke', 'sharya'])).code).toBe(0);
    expect((await run(['revoke', 'sharya'])).code).toBe(2);
    expect((await run(['list'])).out).toMatch(/sharya\tключи отозваны/);
    // both are in the audit log, as the admin page's device actions are
    expect((await listAudit(sqlOverSqlite(db), { limit: 10, actionPrefix: 'office-key' })).map((e) => [e.action, e.target, e.actor])).toEqual([
      ['office-key.revoke', 'sharya', SHELL_ACTOR],
      ['office-key.issue', 'sharya', SHELL_ACTOR],
    ]);
    const office = readHubConfig({});
    if (!office.ok) throw new Error(office.message);
    expect(await officesCommand(sqlOverSqlite(db), db, office.value, ['list'], now)).toBe(2);
  });
});

describe("the central's view of its offices", () => {
  it('an office that delivered is on line; one silent past the limit in working hours is alerted and listed first', async () => {
    await issueOfficeKey(sql, await readOffice(sql, 'sharya'), now - 3_600_000);
    await issueOfficeKey(sql, await readOffice(sql, 'buy'), now - 3_600_000);
    const sync = createOfficeSyncStore(db);
    sync.record({ officeId: 'sharya', keyId: 'k', now: now - 60_000, oldestReceivedAt: now - 75_000, stored: 120, backlog: 5, backlogOldestAt: now - 70_000 });
    const links = await officeLinks(sql, config, now);
    expect(links.find((l) => l.officeId === 'sharya')).toMatchObject({ state: 'ok', alert: false, lagSeconds: 15, recordsReceived: 120, backlogReported: 5 });
    expect(links.find((l) => l.officeId === 'buy')).toMatchObject({ state: 'silent', alert: true, lastSyncAt: null, silentWorkingMinutes: 60 });
    expect(links.find((l) => l.officeId === 'kostroma')).toMatchObject({ state: 'no-key', alert: false });
    // How the page words and orders these rows: staff-app/src/screens/central/office-rows.test.ts.
  });
});
