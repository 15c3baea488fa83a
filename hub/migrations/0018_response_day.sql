-- The response_day rollup: survey answers per office and Moscow day, one row per office-day, the
-- survey side of what press_day (0005) does for presses. The 12-month regional trend read ~505,000
-- responses through response_by_office_time and grouped each month by the answer combination (about
-- 490 ms on a year of 25 offices, bench/figures/analytics.bench.ts); from this table it reads ~9,000
-- rows. Answer combinations hardly repeat within a day, so a (office, day, csat1 … nps) key would be
-- as long as the response table; one wide row per office-day with a counter per question and score
-- is what the histograms need (hub/reports/response-day.ts reads it).
--
-- Kept by a trigger in the same transaction as the response, like press_day: responses are never
-- updated or deleted, and a resend (ON CONFLICT (id) DO NOTHING) inserts nothing, so it counts
-- nothing. `day` is the same fixed UTC+3 arithmetic as press_day and shared/periods.ts.

CREATE TABLE response_day (
  office_id  TEXT NOT NULL,
  day        INTEGER NOT NULL,
  -- responses of the day, complete or partial (an empty partial one counts here and nowhere else)
  responses  INTEGER NOT NULL,
  -- <question>_<score>: answers of that score to that question
  csat1_1 INTEGER NOT NULL, csat1_2 INTEGER NOT NULL, csat1_3 INTEGER NOT NULL, csat1_4 INTEGER NOT NULL, csat1_5 INTEGER NOT NULL,
  csat2_1 INTEGER NOT NULL, csat2_2 INTEGER NOT NULL, csat2_3 INTEGER NOT NULL, csat2_4 INTEGER NOT NULL, csat2_5 INTEGER NOT NULL,
  csat3_1 INTEGER NOT NULL, csat3_2 INTEGER NOT NULL, csat3_3 INTEGER NOT NULL, csat3_4 INTEGER NOT NULL, csat3_5 INTEGER NOT NULL,
  ces_1 INTEGER NOT NULL, ces_2 INTEGER NOT NULL, ces_3 INTEGER NOT NULL, ces_4 INTEGER NOT NULL, ces_5 INTEGER NOT NULL,
  nps_0 INTEGER NOT NULL, nps_1 INTEGER NOT NULL, nps_2 INTEGER NOT NULL, nps_3 INTEGER NOT NULL, nps_4 INTEGER NOT NULL, nps_5 INTEGER NOT NULL, nps_6 INTEGER NOT NULL, nps_7 INTEGER NOT NULL, nps_8 INTEGER NOT NULL, nps_9 INTEGER NOT NULL, nps_10 INTEGER NOT NULL,
  PRIMARY KEY (office_id, day)
) WITHOUT ROWID;

CREATE TRIGGER response_day_count AFTER INSERT ON response BEGIN
  INSERT INTO response_day (office_id, day, responses,
    csat1_1, csat1_2, csat1_3, csat1_4, csat1_5,
    csat2_1, csat2_2, csat2_3, csat2_4, csat2_5,
    csat3_1, csat3_2, csat3_3, csat3_4, csat3_5,
    ces_1, ces_2, ces_3, ces_4, ces_5,
    nps_0, nps_1, nps_2, nps_3, nps_4, nps_5, nps_6, nps_7, nps_8, nps_9, nps_10)
  VALUES (NEW.office_id, (NEW.born_at + 10800000) / 86400000, 1,
    NEW.csat1 IS 1, NEW.csat1 IS 2, NEW.csat1 IS 3, NEW.csat1 IS 4, NEW.csat1 IS 5,
    NEW.csat2 IS 1, NEW.csat2 IS 2, NEW.csat2 IS 3, NEW.csat2 IS 4, NEW.csat2 IS 5,
    NEW.csat3 IS 1, NEW.csat3 IS 2, NEW.csat3 IS 3, NEW.csat3 IS 4, NEW.csat3 IS 5,
    NEW.ces IS 1, NEW.ces IS 2, NEW.ces IS 3, NEW.ces IS 4, NEW.ces IS 5,
    NEW.nps IS 0, NEW.nps IS 1, NEW.nps IS 2, NEW.nps IS 3, NEW.nps IS 4, NEW.nps IS 5, NEW.nps IS 6, NEW.nps IS 7, NEW.nps IS 8, NEW.nps IS 9, NEW.nps IS 10)
  ON CONFLICT (office_id, day) DO UPDATE SET responses = responses + 1,
    csat1_1 = csat1_1 + excluded.csat1_1,
    csat1_2 = csat1_2 + excluded.csat1_2,
    csat1_3 = csat1_3 + excluded.csat1_3,
    csat1_4 = csat1_4 + excluded.csat1_4,
    csat1_5 = csat1_5 + excluded.csat1_5,
    csat2_1 = csat2_1 + excluded.csat2_1,
    csat2_2 = csat2_2 + excluded.csat2_2,
    csat2_3 = csat2_3 + excluded.csat2_3,
    csat2_4 = csat2_4 + excluded.csat2_4,
    csat2_5 = csat2_5 + excluded.csat2_5,
    csat3_1 = csat3_1 + excluded.csat3_1,
    csat3_2 = csat3_2 + excluded.csat3_2,
    csat3_3 = csat3_3 + excluded.csat3_3,
    csat3_4 = csat3_4 + excluded.csat3_4,
    csat3_5 = csat3_5 + excluded.csat3_5,
    ces_1 = ces_1 + excluded.ces_1,
    ces_2 = ces_2 + excluded.ces_2,
    ces_3 = ces_3 + excluded.ces_3,
    ces_4 = ces_4 + excluded.ces_4,
    ces_5 = ces_5 + excluded.ces_5,
    nps_0 = nps_0 + excluded.nps_0,
    nps_1 = nps_1 + excluded.nps_1,
    nps_2 = nps_2 + excluded.nps_2,
    nps_3 = nps_3 + excluded.nps_3,
    nps_4 = nps_4 + excluded.nps_4,
    nps_5 = nps_5 + excluded.nps_5,
    nps_6 = nps_6 + excluded.nps_6,
    nps_7 = nps_7 + excluded.nps_7,
    nps_8 = nps_8 + excluded.nps_8,
    nps_9 = nps_9 + excluded.nps_9,
    nps_10 = nps_10 + excluded.nps_10;
END;

INSERT INTO response_day (office_id, day, responses,
    csat1_1, csat1_2, csat1_3, csat1_4, csat1_5,
    csat2_1, csat2_2, csat2_3, csat2_4, csat2_5,
    csat3_1, csat3_2, csat3_3, csat3_4, csat3_5,
    ces_1, ces_2, ces_3, ces_4, ces_5,
    nps_0, nps_1, nps_2, nps_3, nps_4, nps_5, nps_6, nps_7, nps_8, nps_9, nps_10)
  SELECT office_id, (born_at + 10800000) / 86400000, count(*),
    sum(csat1 IS 1), sum(csat1 IS 2), sum(csat1 IS 3), sum(csat1 IS 4), sum(csat1 IS 5),
    sum(csat2 IS 1), sum(csat2 IS 2), sum(csat2 IS 3), sum(csat2 IS 4), sum(csat2 IS 5),
    sum(csat3 IS 1), sum(csat3 IS 2), sum(csat3 IS 3), sum(csat3 IS 4), sum(csat3 IS 5),
    sum(ces IS 1), sum(ces IS 2), sum(ces IS 3), sum(ces IS 4), sum(ces IS 5),
    sum(nps IS 0), sum(nps IS 1), sum(nps IS 2), sum(nps IS 3), sum(nps IS 4), sum(nps IS 5), sum(nps IS 6), sum(nps IS 7), sum(nps IS 8), sum(nps IS 9), sum(nps IS 10)
  FROM response GROUP BY 1, 2;

