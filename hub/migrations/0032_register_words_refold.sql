-- 0031 folded the existing entries' words with SQLite's lower(), which folds ASCII only, and the
-- Russian capitals one by one: any other capital (Ukrainian І, Latin Ü, Greek Σ…) stayed. SQLite's
-- trigram index folds case itself, but PostgreSQL searches the column as migrate-central copies it,
-- with LIKE and what is typed folded by the program: such an entry was not found there.
-- fold_for_search is that fold (hub/db/migrate.ts defines it for the migrations); folding the
-- folded words again gives what the store writes for the view. The trigram index follows the
-- column by 0031's trigger.
UPDATE register_entry SET words = fold_for_search(words) WHERE words <> fold_for_search(words);
