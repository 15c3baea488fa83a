-- Central: the phone survey (order No. 308, 1.2; docs/phone-survey-campaigns.md). The CX sector
-- makes a campaign, imports a call list, operators work through it; each answer is a `response`
-- record of channel 'phone-call' and counts in CSAT / CES / NPS like any other.

CREATE TABLE phone_campaign (
  id          TEXT PRIMARY KEY,
  title       TEXT NOT NULL,
  script      TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  created_by  TEXT NOT NULL,
  -- Closing deletes every phone number of the campaign (152-ФЗ: kept no longer than needed).
  closed_at   INTEGER
);

-- One client to call. `phone` is NULL once the campaign is closed; `response_id` names the answer
-- the call produced (the answer itself carries no phone number).
CREATE TABLE phone_call (
  id            INTEGER PRIMARY KEY,
  campaign_id   TEXT NOT NULL REFERENCES phone_campaign(id),
  office_id     TEXT NOT NULL,
  phone         TEXT,
  service_date  TEXT NOT NULL,
  status        TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'answered', 'refused', 'no-answer', 'call-back')),
  attempts      INTEGER NOT NULL DEFAULT 0,
  call_back_at  INTEGER,
  updated_at    INTEGER,
  updated_by    TEXT,
  response_id   TEXT,
  UNIQUE (campaign_id, phone)
);
CREATE INDEX phone_call_queue ON phone_call (campaign_id, office_id, status);
