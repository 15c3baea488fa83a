-- The register on both of the central's databases (docs/central-postgres.md): two columns the store
-- now writes with each fold, so that PostgreSQL (hub/migrations-pg/0023) answers like SQLite without
-- SQLite's FTS5 or json functions.
--   words       what people wrote in the entry (the summary, the measures, the answer), one per line,
--               in lower case with ё as е: what the search (0027) looks in. SQLite's trigram index
--               now indexes this column; PostgreSQL searches it with LIKE.
--   taken_from  the answer or the low-score alert an entry «в работе» was made from
--               ('response:<id>' / 'alert:<id>'; NULL for the other channels), for the comments
--               feed and the alerts list beside each.
ALTER TABLE register_entry ADD COLUMN words TEXT NOT NULL DEFAULT '';
ALTER TABLE register_entry ADD COLUMN taken_from TEXT;

-- The existing entries, as the store folds them (hub/db/register-rows.ts, searchWords): SQLite's
-- lower() folds ASCII only, so the Russian capitals are folded one by one.
UPDATE register_entry SET words =
  replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(
  replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(
  replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(
  lower(
    coalesce(json_extract(view, '$.summary'), '') || char(10) ||
    coalesce((SELECT group_concat(json_extract(m.value, '$.text'), char(10)) FROM json_each(view, '$.measures') AS m), '') || char(10) ||
    coalesce(json_extract(view, '$.answered.summary'), '')),
  'А', 'а'), 'Б', 'б'), 'В', 'в'), 'Г', 'г'), 'Д', 'д'), 'Е', 'е'), 'Ё', 'е'), 'Ж', 'ж'), 'З', 'з'), 'И', 'и'), 'Й', 'й'),
  'К', 'к'), 'Л', 'л'), 'М', 'м'), 'Н', 'н'), 'О', 'о'), 'П', 'п'), 'Р', 'р'), 'С', 'с'), 'Т', 'т'), 'У', 'у'), 'Ф', 'ф'),
  'Х', 'х'), 'Ц', 'ц'), 'Ч', 'ч'), 'Ш', 'ш'), 'Щ', 'щ'), 'Ъ', 'ъ'), 'Ы', 'ы'), 'Ь', 'ь'), 'Э', 'э'), 'Ю', 'ю'), 'Я', 'я'), 'ё', 'е');

UPDATE register_entry SET taken_from = CASE
    WHEN json_extract(view, '$.details.responseId') IS NOT NULL THEN 'response:' || json_extract(view, '$.details.responseId')
    WHEN json_extract(view, '$.details.alertId') IS NOT NULL THEN 'alert:' || json_extract(view, '$.details.alertId')
  END
  WHERE channel = 'comment-in-work';
CREATE INDEX register_entry_by_taken_from ON register_entry (taken_from) WHERE taken_from IS NOT NULL;

-- The trigram index now indexes the column (already folded) instead of reading the view.
DROP TRIGGER register_search_insert;
DROP TRIGGER register_search_update;
DELETE FROM register_search;
CREATE TRIGGER register_search_insert AFTER INSERT ON register_entry BEGIN
  INSERT INTO register_search (rowid, words) VALUES (new.rowid, new.words);
END;
CREATE TRIGGER register_search_update AFTER UPDATE OF words ON register_entry BEGIN
  DELETE FROM register_search WHERE rowid = old.rowid;
  INSERT INTO register_search (rowid, words) VALUES (new.rowid, new.words);
END;
INSERT INTO register_search (rowid, words) SELECT rowid, words FROM register_entry;
