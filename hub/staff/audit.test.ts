import path from 'node:path';
import { sql as raw } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOTH_DATABASES, type OpenedDatabase } from '../../test/support/both-databases.ts';
import { makeTempDir, removeTempDirs } from '../../test/support/temp-dirs.ts';
import { openDatabase } from '../db/open.ts';
import { sqlOverSqlite } from '../sql/central-sql.ts';
import { audit, listAudit, openResetRequestLogins, SHELL_ACTOR } from './audit.ts';

/**
 * The audit log's store, the same statements on the hub's SQLite and on the central's PostgreSQL
 * (hub/sql/central-sql.ts): appended in order, read newest first by prefix and page, and never
 * changed: both databases' triggers refuse UPDATE and DELETE.
 */
afterAll(() => removeTempDirs());

describe.each(BOTH_DATABASES)('the audit log on $name', (database) => {
  let opened: OpenedDatabase;
  beforeAll(async () => {
    opened = await database.open();
  });
  afterAll(async () => {
    await opened?.close();
  });

  it('appends entries with increasing seq and lists them newest first, every column as written', async () => {
    const { sql } = opened;
    await audit(sql, { at: 1_000, actor: 'admin', action: 'user.create', target: 'ivanova', detail: '[{"role":"staff","officeId":null}]', ip: '10.0.0.5' });
    await audit(sql, { at: 1_000, actor: SHELL_ACTOR, action: 'office-key.issue', target: 'sharya', detail: 'sharya.0123456789ab' });
    await audit(sql, { at: 2_000, actor: 'ivanova', action: 'login.ok' });
    const entries = await listAudit(sql, { limit: 10 });
    expect(entries.map((e) => e.action)).toEqual(['login.ok', 'office-key.issue', 'user.create']);
    expect(entries[2]).toEqual({ seq: expect.any(Number), at: 1_000, actor: 'admin', action: 'user.create', target: 'ivanova', detail: '[{"role":"staff","officeId":null}]', ip: '10.0.0.5' });
    // Omitted fields are NULL, not empty strings; the shell's actor keeps its Cyrillic.
    expect(entries[1]).toMatchObject({ actor: 'командная строка', ip: null });
    expect(entries[0]).toMatchObject({ target: null, detail: null, ip: null });
    const seqs = entries.map((e) => e.seq).reverse();
    expect(seqs.every((s, i) => i === 0 || s > seqs[i - 1]!)).toBe(true);
    expect(seqs.every((s) => Number.isSafeInteger(s))).toBe(true);
  });

  it('limits, pages before a seq, and keeps the actions that start with a prefix', async () => {
    const { sql } = opened;
    for (let i = 0; i < 5; i++) await audit(sql, { at: 10_000 + i, actor: 'cx', action: 'export', target: `/api/comments.csv?page=${i}` });
    await audit(sql, { at: 20_000, actor: 'admin', action: 'device.pairing-code', target: 'kiosk-1' });
    await audit(sql, { at: 20_001, actor: 'kiosk-1', action: 'device.register', target: 'kiosk-1' });

    const newest = await listAudit(sql, { limit: 3 });
    expect(newest.map((e) => e.action)).toEqual(['device.register', 'device.pairing-code', 'export']);
    const page = await listAudit(sql, { limit: 3, before: newest[2]!.seq });
    expect(page.map((e) => e.target)).toEqual(['/api/comments.csv?page=3', '/api/comments.csv?page=2', '/api/comments.csv?page=1']);
    expect(page.every((e) => e.seq < newest[2]!.seq)).toBe(true);

    expect((await listAudit(sql, { limit: 10, actionPrefix: 'device.' })).map((e) => e.action)).toEqual(['device.register', 'device.pairing-code']);
    expect(await listAudit(sql, { limit: 10, actionPrefix: 'export' })).toHaveLength(5);
    expect((await listAudit(sql, { limit: 2, actionPrefix: 'export', before: page[0]!.seq })).map((e) => e.target)).toEqual(['/api/comments.csv?page=2', '/api/comments.csv?page=1']);
    // A prefix matches the start only.
    expect(await listAudit(sql, { limit: 10, actionPrefix: 'register' })).toEqual([]);
    expect(await listAudit(sql, { limit: 10, actionPrefix: 'pairing' })).toEqual([]);
    expect(await listAudit(sql, { limit: 0 })).toEqual([]);
  });

  it('an entry written in a transaction that rolls back is not kept', async () => {
    const { sql } = opened;
    const before = await listAudit(sql, { limit: 1 });
    await expect(
      sql.transaction(async (trx) => {
        await audit(trx, { at: 30_000, actor: 'admin', action: 'office.create', target: 'neya-2' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await listAudit(sql, { limit: 1 })).toEqual(before);
    await sql.transaction((trx) => audit(trx, { at: 30_001, actor: 'admin', action: 'office.create', target: 'neya-3' }));
    expect((await listAudit(sql, { limit: 1 }))[0]).toMatchObject({ action: 'office.create', target: 'neya-3' });
  });

  it('refuses UPDATE and DELETE: append-only', async () => {
    const { sql } = opened;
    const count = async () => Number((await sql.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const rows = await count();
    expect(rows).toBeGreaterThan(0);
    await expect(sql.db.updateTable('audit_log').set({ actor: 'someone else' }).execute()).rejects.toThrow(/append-only/);
    await expect(sql.db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
    if (sql.dialect === 'postgres') await expect(raw`TRUNCATE audit_log`.execute(sql.db)).rejects.toThrow(/append-only/);
    expect(await count()).toBe(rows);
    expect((await listAudit(sql, { limit: 100 })).some((e) => e.actor === 'someone else')).toBe(false);
  });

  it('«Забыли пароль?»: the latest request per login, until a link or a password answers it', async () => {
    const { sql } = opened;
    await audit(sql, { at: 50_000, actor: 'petrova', action: 'password.reset-request', target: 'petrova' });
    await audit(sql, { at: 51_000, actor: 'petrova', action: 'password.reset-request', target: 'petrova' });
    await audit(sql, { at: 50_500, actor: 'orlov', action: 'password.reset-request', target: 'orlov' });
    await audit(sql, { at: 52_000, actor: 'admin', action: 'setup-link.create', target: 'orlov' });
    await audit(sql, { at: 49_000, actor: 'admin', action: 'setup-link.create', target: 'petrova' });
    await audit(sql, { at: 53_000, actor: 'sidorov', action: 'password.reset-request', target: 'sidorov' });
    await audit(sql, { at: 53_000, actor: 'sidorov', action: 'password.set', target: 'sidorov' });
    expect(await openResetRequestLogins(sql)).toEqual([{ login: 'petrova', at: 51_000 }]);
  });
});

describe('the audit log on a full SQLite disk', () => {
  it('a change and its entry in one transaction: SQLITE_FULL reaches the caller (503), not a failed ROLLBACK, and nothing is kept', async () => {
    const { db } = openDatabase(path.join(makeTempDir('audit-full-'), 'hub.sqlite'));
    const sql = sqlOverSqlite(db);
    try {
      db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
      let failure: unknown = null;
      for (let i = 0; failure === null && i < 500; i++) {
        await sql
          .transaction(async (trx) => {
            // A synchronous write on the same connection, then the entry: SQLite may end the transaction at either.
            db.prepare('INSERT INTO audit_log (at, actor, action, detail) VALUES (?, ?, ?, ?)').run(i, 'admin', 'settings.change', 'x'.repeat(2000));
            await audit(trx, { at: i, actor: 'admin', action: 'settings.change', detail: 'y'.repeat(2000) });
          })
          .catch((error: unknown) => void (failure = error));
      }
      expect(failure).toMatchObject({ code: 'SQLITE_FULL' });
      expect(db.inTransaction).toBe(false);
      const rows = db.prepare('SELECT count(*) FROM audit_log').pluck().get() as number;
      expect(rows % 2).toBe(0);
    } finally {
      await sql.close();
      db.close();
    }
  });
});
