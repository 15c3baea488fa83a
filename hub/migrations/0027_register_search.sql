-- Searching the register's words (issue 18: a decade of a region, 100,000 entries, searched in
-- under 300 ms). A trigram index over what people wrote in an entry: the summary, the measures and
-- the answer. Trigrams find any part of a word («очеред» finds «очередь», «очереди», «в очередях»)
-- without a Russian stemmer, in any case; ё is indexed and searched as е, as people type it.
-- Kept by triggers on the fold (register_entry), so every way an entry is written or refolded
-- keeps its words in step, in the same transaction. Derived data, rebuilt here for existing entries.
CREATE VIRTUAL TABLE register_search USING fts5 (words, tokenize = 'trigram');

CREATE TRIGGER register_search_insert AFTER INSERT ON register_entry BEGIN
  INSERT INTO register_search (rowid, words) VALUES (new.rowid, replace(replace(
    coalesce(json_extract(new.view, '$.summary'), '') || char(10) ||
    coalesce((SELECT group_concat(json_extract(m.value, '$.text'), char(10)) FROM json_each(new.view, '$.measures') AS m), '') || char(10) ||
    coalesce(json_extract(new.view, '$.answered.summary'), ''), 'ё', 'е'), 'Ё', 'Е'));
END;

CREATE TRIGGER register_search_update AFTER UPDATE OF view ON register_entry BEGIN
  DELETE FROM register_search WHERE rowid = old.rowid;
  INSERT INTO register_search (rowid, words) VALUES (new.rowid, replace(replace(
    coalesce(json_extract(new.view, '$.summary'), '') || char(10) ||
    coalesce((SELECT group_concat(json_extract(m.value, '$.text'), char(10)) FROM json_each(new.view, '$.measures') AS m), '') || char(10) ||
    coalesce(json_extract(new.view, '$.answered.summary'), ''), 'ё', 'е'), 'Ё', 'Е'));
END;

CREATE TRIGGER register_search_delete AFTER DELETE ON register_entry BEGIN
  DELETE FROM register_search WHERE rowid = old.rowid;
END;

INSERT INTO register_search (rowid, words)
  SELECT rowid, replace(replace(
    coalesce(json_extract(view, '$.summary'), '') || char(10) ||
    coalesce((SELECT group_concat(json_extract(m.value, '$.text'), char(10)) FROM json_each(view, '$.measures') AS m), '') || char(10) ||
    coalesce(json_extract(view, '$.answered.summary'), ''), 'ё', 'е'), 'Ё', 'Е')
  FROM register_entry;

-- The list's order (newest received first), so a page is read in order instead of sorting every
-- matching entry: the first page of 100,000 reads 50 rows.
CREATE INDEX register_entry_by_order ON register_entry (received_on DESC, born_at DESC, id DESC);
