-- Indexes and a daily rollup for the CX reports (hub/reports/), chosen with
-- bench/figures/analytics.bench.ts on a year of 25 offices (5 M presses, 500 k responses):
--
-- * press_day: counted and suppressed presses per office, Moscow day and score, kept by a trigger
--   in the same transaction as the press. Every report period (week, month, quarter, custom range)
--   is whole Moscow days, so the offices × month table reads ~7,500 rollup rows instead of ~420,000
--   presses (about 2 ms instead of 200–400 ms), and a year-long trend ~90,000 rows instead of 5 M.
--   The cost is one upsert into a small, hot table per stored press; presses are never updated or
--   deleted, so AFTER INSERT is the whole maintenance. The day number is the same fixed UTC+3
--   arithmetic as shared/periods.ts (Moscow has had no DST since 2014).
-- * press_by_office_time: covering (office, time, score, suppressed) for what the rollup does not
--   answer: an office's drill by desk or channel, the low-score alert window, and "has this office
--   ever had a press". Office first, because every report query names its offices (IN json_each).
-- * response_by_office_time: covering index for the survey histograms (one pass groups all five
--   answers); responses are ten times fewer than presses, so no rollup.
-- * response_comment_by_time: partial index of the responses with a comment, newest first, for the
--   comments feed.

CREATE INDEX press_by_office_time ON press (office_id, born_at, score, suppressed);
CREATE INDEX response_by_office_time ON response (office_id, born_at, csat1, csat2, csat3, ces, nps);
CREATE INDEX response_comment_by_time ON response (born_at) WHERE comment IS NOT NULL;

CREATE TABLE press_day (
  office_id   TEXT NOT NULL,
  -- Moscow calendar day number: (born_at + 10800000) / 86400000
  day         INTEGER NOT NULL,
  score       INTEGER NOT NULL,
  suppressed  INTEGER NOT NULL CHECK (suppressed IN (0, 1)),
  presses     INTEGER NOT NULL,
  PRIMARY KEY (office_id, day, score, suppressed)
) WITHOUT ROWID;

-- A resend (ON CONFLICT (id) DO NOTHING) inserts no row, so it fires nothing and counts nothing.
CREATE TRIGGER press_day_count AFTER INSERT ON press BEGIN
  INSERT INTO press_day (office_id, day, score, suppressed, presses)
  VALUES (NEW.office_id, (NEW.born_at + 10800000) / 86400000, NEW.score, NEW.suppressed IS NOT NULL, 1)
  ON CONFLICT (office_id, day, score, suppressed) DO UPDATE SET presses = presses + 1;
END;

INSERT INTO press_day (office_id, day, score, suppressed, presses)
  SELECT office_id, (born_at + 10800000) / 86400000, score, suppressed IS NOT NULL, count(*)
  FROM press GROUP BY 1, 2, 3, 4;
