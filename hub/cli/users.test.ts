import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readHubConfig } from '../config.ts';
import { seedOfficesOnSqlite } from '../../test/support/office-rows.ts';
import { openDatabase } from '../db/open.ts';
import { sqlOverSqlite } from '../sql/central-sql.ts';
import { findUserByLogin } from '../staff/users.ts';
import { usersCommand } from './users.ts';

function central() {
  const dir = mkdtempSync(path.join(tmpdir(), 'cli-users-'));
  const config = readHubConfig({ DATA_DIR: dir, PORT: '0', ROLE: 'central' });
  if (!config.ok) throw new Error(config.message);
  const { db } = openDatabase(path.join(dir, 'central.sqlite'));
  seedOfficesOnSqlite(db);
  return { db, config: config.value };
}

afterEach(() => vi.restoreAllMocks());

describe('npm run hub -- users add', () => {
  it('offers every role, the information sector included, and gives it', async () => {
    const { db, config } = central();
    const said = vi.spyOn(console, 'error').mockImplementation(() => {});
    vi.spyOn(console, 'log').mockImplementation(() => {});
    expect(await usersCommand(sqlOverSqlite(db), config, ['add', 'petrova'])).toBe(2);
    expect(said.mock.calls.at(-1)?.[0]).toBe('укажите --admin или --role <admin|aho|cx|office-head|director|staff|info>');
    expect(await usersCommand(sqlOverSqlite(db), config, ['add', 'petrova', '--role', 'boss'])).toBe(2);
    expect(said.mock.calls.at(-1)?.[0]).toContain('нет роли boss: укажите --role <admin|aho|cx|office-head|director|staff|info>');
    expect(await usersCommand(sqlOverSqlite(db), config, ['add', 'petrova', '--role', 'staff'])).toBe(2);
    expect(said.mock.calls.at(-1)?.[0]).toContain('(нужен --office <id>)');
    expect(await usersCommand(sqlOverSqlite(db), config, ['add', 'petrova', '--role', 'info', '--name', 'Петрова О. В.'])).toBe(0);
    expect((await findUserByLogin(sqlOverSqlite(db), 'petrova'))?.roles).toEqual([{ role: 'info', officeId: null }]);
    db.close();
  });
});
