import Database from 'better-sqlite3';
import { cpSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { makeTempDir, removeTempDirs } from '../../test/support/temp-dirs.ts';
import { migrate } from './migrate.ts';
import { defaultMigrationsDir } from './open.ts';
import { foldForSearch } from './search-fold.ts';

afterAll(() => removeTempDirs());

/** A hub as an older version left it: every migration numbered below `number` applied. */
function hubBefore(number: string): Database.Database {
  const dir = makeTempDir(`migration-${number}-`);
  const before = path.join(dir, 'migrations');
  cpSync(defaultMigrationsDir(), before, { recursive: true });
  for (const file of readdirSync(before)) if (file >= number) rmSync(path.join(before, file));
  const db = new Database(path.join(dir, 'hub.sqlite'));
  migrate(db, before);
  return db;
}

/** 0031 on a hub that already holds register entries: their folded words and links as the store would write them. */
it('0031 folds the existing entries\' words (Russian capitals too, ё as е) and links, and the trigram index follows the column', () => {
  const db = hubBefore('0031');
  try {
    const view = { summary: 'Ёлка ОЧЕРЕДЬ Abc', measures: [{ text: 'Мера ЖЖ' }], answered: { summary: 'Ответ Ё' }, details: { channel: 'comment-in-work', responseId: null, alertId: 7 } };
    db.prepare("INSERT INTO register_entry (id, office_id, channel, received_on, tone, status, born_at, view) VALUES ('e1', 'sharya', 'comment-in-work', '2026-01-01', 'neutral', 'new', 1, ?)").run(JSON.stringify(view));
    migrate(db, defaultMigrationsDir());
    const words = foldForSearch('Ёлка ОЧЕРЕДЬ Abc\nМера ЖЖ\nОтвет Ё');
    expect(db.prepare('SELECT words, taken_from FROM register_entry').get()).toEqual({ words, taken_from: 'alert:7' });
    expect(db.prepare(`SELECT count(*) AS n FROM register_search WHERE register_search MATCH '"мера жж"'`).get()).toEqual({ n: 1 });
  } finally {
    db.close();
  }
});

/** 0032 on a hub migrated by 0031: a capital 0031's SQL could not fold (not ASCII, not Russian) is folded as the store folds it; PostgreSQL's LIKE reads the column as copied. */
it('0032 folds the capitals 0031 left (Ukrainian, Latin, Greek) and the trigram index follows', () => {
  const db = hubBefore('0032');
  try {
    const summary = 'Їжак ІВАНІВНА Über ΣΟΦΙΑ Ёлка';
    const view = { summary, measures: [], answered: null, details: { channel: 'book', responseId: null, alertId: null } };
    // As 0031 left such an entry: Russian and ASCII capitals folded, the others kept.
    db.prepare("INSERT INTO register_entry (id, office_id, channel, received_on, tone, status, born_at, view, words) VALUES ('e1', 'sharya', 'book', '2026-01-01', 'neutral', 'new', 1, ?, ?)")
      .run(JSON.stringify(view), 'Їжак ІваНІвна Über ΣΟΦΙΑ елка\n\n');
    db.prepare("INSERT INTO register_entry (id, office_id, channel, received_on, tone, status, born_at, view, words) VALUES ('e2', 'sharya', 'book', '2026-01-01', 'neutral', 'new', 1, ?, ?)")
      .run(JSON.stringify({ ...view, summary: 'очередь' }), 'очередь\n\n');
    const found = (phrase: string) => (db.prepare('SELECT count(*) AS n FROM register_search WHERE register_search MATCH ?').get(`"${foldForSearch(phrase)}"`) as { n: number }).n;
    migrate(db, defaultMigrationsDir());
    expect(db.prepare("SELECT words FROM register_entry WHERE id = 'e1'").get()).toEqual({ words: foldForSearch(`${summary}\n\n`) });
    expect(db.prepare("SELECT words FROM register_entry WHERE id = 'e2'").get()).toEqual({ words: 'очередь\n\n' });
    expect([found('ІВАНІВНА'), found('über'), found('ΣΟΦΙΑ'), found('ЁЛКА')]).toEqual([1, 1, 1, 1]);
  } finally {
    db.close();
  }
});
