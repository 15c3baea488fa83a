import { CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOTH_DATABASES, type OpenedDatabase } from '../../test/support/both-databases.ts';
import { removeTempDirs } from '../../test/support/temp-dirs.ts';
import { INSERT_DEAD_LETTERS } from './dead-letters.ts';
import { countReceivedDeadLetters, DEAD_LETTER_INSERT, listReceivedDeadLetters } from './dead-letters.ts';

/**
 * Dead letters: written inside the transaction that refused the record by each database's own
 * statement (SQLite's DEAD_LETTER_INSERT, PostgreSQL's INSERT_DEAD_LETTERS), read through
 * CentralSql. The same letters list and count the same on both.
 */
afterAll(() => removeTempDirs());

type Letter = [recordId: string, kind: string, reason: string, body: string, source: string, receivedAt: number];
const letters: Letter[] = Array.from({ length: 5 }, (_, i) => [`0193-${i}`, i % 2 ? 'response' : 'press', 'conflict', JSON.stringify({ id: `0193-${i}`, n: i }), i < 3 ? 'office:sharya' : 'device:sharya-k1', 1_000 + i]);

describe.each(BOTH_DATABASES)('dead letters on $name', (database) => {
  let opened: OpenedDatabase;
  beforeAll(async () => {
    opened = await database.open();
  });
  afterAll(async () => {
    await opened.close();
  });
  const write = async (batch: Letter[]): Promise<void> => {
    if (opened.sqlite) {
      const insert = opened.sqlite.prepare(DEAD_LETTER_INSERT);
      for (const letter of batch) insert.run(...letter);
    } else {
      const columns = [0, 1, 2, 3, 4, 5].map((c) => batch.map((letter) => letter[c]));
      await opened.sql.db.executeQuery(CompiledQuery.raw(INSERT_DEAD_LETTERS, columns));
    }
  };

  it('lists newest first, pages by seq, and counts them all', async () => {
    expect(await countReceivedDeadLetters(opened.sql)).toBe(0);
    await write(letters.slice(0, 3));
    await write(letters.slice(3));
    expect(await countReceivedDeadLetters(opened.sql)).toBe(5);
    const newest = await listReceivedDeadLetters(opened.sql, { limit: 2 });
    expect(newest.map((d) => d.recordId)).toEqual(['0193-4', '0193-3']);
    expect(newest[0]).toEqual({ seq: newest[0]!.seq, kind: 'press', recordId: '0193-4', reason: 'conflict', source: 'device:sharya-k1', body: '{"id":"0193-4","n":4}', receivedAt: '1970-01-01T00:00:01.004Z' });
    const next = await listReceivedDeadLetters(opened.sql, { limit: 10, beforeSeq: newest[1]!.seq });
    expect(next.map((d) => d.recordId)).toEqual(['0193-2', '0193-1', '0193-0']);
  });
});
