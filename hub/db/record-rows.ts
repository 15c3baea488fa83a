import { canonicalBody, type FeedbackRecord, type Heartbeat, type Press, type SurveyAnswerRecord, type SurveyResponse, type SurveySummaryRecord } from '../../shared/records.ts';
import { fromInstant, toInstant } from '../../shared/time.ts';
import type { Selectable } from 'kysely';
import type { Db } from './open.ts';
import type { SurveyAnswerTable } from '../sql/tables.ts';
import { addToTally } from './survey-tally-rows.ts';
import type { SurveyVersionLookup } from './survey-versions.ts';

/**
 * Where each kind of record lives, and the only code that turns records into rows and back.
 * `read*` rebuilds exactly the record that was stored (forwarding sends it on as it came).
 */
export type StoreStatus = 'stored' | 'duplicate' | 'conflict';

export interface RecordStore {
  /**
   * Inserts unless the id is held; says whether it was new, the same, or a different body. Only a
   * held id costs a comparison: the row is read back and compared with the record in canonical form.
   */
  insert(record: FeedbackRecord, receivedAt: number): StoreStatus;
  read(kind: FeedbackRecord['kind'], id: string): FeedbackRecord | null;
  /** Many of one kind in one query (the office's outbox reads a batch this way); absent ids are absent from the map. */
  readMany(kind: FeedbackRecord['kind'], ids: readonly string[]): Map<string, FeedbackRecord>;
}

/** `surveys`: the survey versions (ctx.surveyVersions.lookup), which the tally of a stored survey answer needs; null for a store that only reads. */
export function createRecordStore(db: Db, surveys: SurveyVersionLookup | null = null): RecordStore {
  // Positional parameters, in the column order written here: on the central this runs for every
  // forwarded record, and binding by name costs about a fifth more per row.
  const insertPress = db.prepare(`INSERT INTO press (id, office_id, device_id, born_at, received_at, panel_id, desk, seq, button, score, suppressed)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`);
  const insertResponse = db.prepare(`INSERT INTO response (id, office_id, device_id, born_at, received_at, channel, desk, service_id, csat1, csat2, csat3, ces, nps, comment, complete)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`);
  const insertHeartbeat = db.prepare(`INSERT INTO heartbeat (id, office_id, device_id, born_at, received_at, body)
    VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`);
  // Prepared on first use: a store opened on a database migrated before 0020 (migration tests) has no such table.
  let insertSurveyAnswerStatement: ReturnType<Db['prepare']> | null = null;
  const insertSurveyAnswer = () =>
    (insertSurveyAnswerStatement ??= db.prepare(`INSERT INTO survey_answer (id, office_id, device_id, born_at, received_at, survey_id, version, channel, complete, answers)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`));
  // Migration 0029: the exit poll's summary forms, kept whole as their JSON body (as heartbeats are).
  let insertSurveySummaryStatement: ReturnType<Db['prepare']> | null = null;
  const insertSurveySummary = () =>
    (insertSurveySummaryStatement ??= db.prepare(`INSERT INTO survey_summary (id, office_id, born_at, received_at, survey_id, version, period_from, period_to, body)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`));
  const selectOne = {
    press: db.prepare('SELECT * FROM press WHERE id = ?'),
    response: db.prepare('SELECT * FROM response WHERE id = ?'),
    heartbeat: db.prepare('SELECT body, received_at FROM heartbeat WHERE id = ?'),
    get 'survey-answer'() {
      return db.prepare('SELECT * FROM survey_answer WHERE id = ?');
    },
    get 'survey-summary'() {
      return db.prepare('SELECT body, received_at FROM survey_summary WHERE id = ?');
    },
  };
  const selectMany = {
    press: db.prepare('SELECT * FROM press WHERE id IN (SELECT value FROM json_each(?))'),
    response: db.prepare('SELECT * FROM response WHERE id IN (SELECT value FROM json_each(?))'),
    heartbeat: db.prepare('SELECT body, received_at FROM heartbeat WHERE id IN (SELECT value FROM json_each(?))'),
    get 'survey-answer'() {
      return db.prepare('SELECT * FROM survey_answer WHERE id IN (SELECT value FROM json_each(?))');
    },
    get 'survey-summary'() {
      return db.prepare('SELECT body, received_at FROM survey_summary WHERE id IN (SELECT value FROM json_each(?))');
    },
  };

  function insert(record: FeedbackRecord, receivedAt: number): StoreStatus {
    const bornAt = fromInstant(record.bornAt);
    let changes: number;
    switch (record.kind) {
      case 'press':
        changes = insertPress.run(record.id, record.officeId, record.deviceId, bornAt, receivedAt, record.panelId, record.desk, record.seq, record.button, record.score, record.suppressed).changes;
        break;
      case 'response': {
        const a = record.answers;
        changes = insertResponse.run(
          record.id,
          record.officeId,
          record.deviceId,
          bornAt,
          receivedAt,
          record.channel,
          record.desk,
          record.serviceId,
          a.csat1 ?? null,
          a.csat2 ?? null,
          a.csat3 ?? null,
          a.ces ?? null,
          a.nps ?? null,
          record.comment,
          record.complete ? 1 : 0,
        ).changes;
        break;
      }
      case 'heartbeat': {
        const { receivedAt: _r, ...said } = record;
        changes = insertHeartbeat.run(record.id, record.officeId, record.deviceId, bornAt, receivedAt, JSON.stringify(said)).changes;
        break;
      }
      case 'survey-answer':
        changes = insertSurveyAnswer().run(record.id, record.officeId, record.deviceId, bornAt, receivedAt, record.surveyId, record.version, record.channel, record.complete ? 1 : 0, JSON.stringify(record.answers)).changes;
        if (changes === 1) addToTally(db, record, surveys);
        break;
      case 'survey-summary': {
        const { receivedAt: _r, ...said } = record;
        changes = insertSurveySummary().run(record.id, record.officeId, bornAt, receivedAt, record.surveyId, record.version, record.period.from, record.period.to, JSON.stringify(said)).changes;
        break;
      }
    }
    if (changes === 1) return 'stored';
    // The id is held in this kind's table (the insert just found it in the same transaction).
    const held = read(record.kind, record.id);
    return held !== null && canonicalBody(held) === canonicalBody(record) ? 'duplicate' : 'conflict';
  }

  function read(kind: FeedbackRecord['kind'], id: string): FeedbackRecord | null {
    const row: unknown = selectOne[kind].get(id);
    return row ? recordFromRow(kind, row) : null;
  }

  function readMany(kind: FeedbackRecord['kind'], ids: readonly string[]): Map<string, FeedbackRecord> {
    const found = new Map<string, FeedbackRecord>();
    if (ids.length === 0) return found;
    for (const row of selectMany[kind].all(JSON.stringify(ids))) {
      const record = recordFromRow(kind, row);
      found.set(record.id, record);
    }
    return found;
  }

  return { insert, read, readMany };
}

function recordFromRow(kind: FeedbackRecord['kind'], row: unknown): FeedbackRecord {
  switch (kind) {
    case 'press':
      return pressFromRow(row as PressRow);
    case 'response':
      return responseFromRow(row as ResponseRow);
    case 'heartbeat': {
      const r = row as { body: string; received_at: number };
      return { ...(JSON.parse(r.body) as Omit<Heartbeat, 'receivedAt'>), receivedAt: toInstant(r.received_at) } as Heartbeat;
    }
    case 'survey-answer':
      return surveyAnswerFromRow(row as SurveyAnswerRow);
    case 'survey-summary':
      return surveySummaryFromRow(row as { body: string; received_at: number });
  }
}

/** A survey summary as stored: its body and when it was received (also read from PostgreSQL, hub/central-pg/survey-records-pg.ts). */
export function surveySummaryFromRow(r: { body: string; received_at: number }): SurveySummaryRecord {
  return { ...(JSON.parse(r.body) as Omit<SurveySummaryRecord, 'receivedAt'>), receivedAt: toInstant(r.received_at) };
}

/** A survey_answer row as both databases hold it (the table's type in hub/sql/tables-channels.ts), its channel one the record allows. */
export type SurveyAnswerRow = Omit<Selectable<SurveyAnswerTable>, 'channel'> & { channel: SurveyAnswerRecord['channel'] };

export function surveyAnswerFromRow(r: SurveyAnswerRow): SurveyAnswerRecord {
  return {
    kind: 'survey-answer',
    id: r.id,
    officeId: r.office_id,
    deviceId: r.device_id,
    bornAt: toInstant(r.born_at),
    receivedAt: toInstant(r.received_at),
    surveyId: r.survey_id,
    version: r.version,
    channel: r.channel,
    answers: JSON.parse(r.answers) as SurveyAnswerRecord['answers'],
    complete: r.complete === 1,
  };
}

/** A press row as SQLite holds it (hub/migrations/0001, without 0013's dropped body_hash). */
export interface PressRow {
  id: string;
  office_id: string;
  device_id: string;
  panel_id: string;
  desk: string | null;
  seq: number | null;
  button: string;
  score: number;
  suppressed: Press['suppressed'];
  born_at: number;
  received_at: number;
}

export function pressFromRow(r: PressRow): Press {
  return {
    kind: 'press',
    id: r.id,
    officeId: r.office_id,
    deviceId: r.device_id,
    bornAt: toInstant(r.born_at),
    receivedAt: toInstant(r.received_at),
    channel: 'panel',
    panelId: r.panel_id,
    desk: r.desk,
    seq: r.seq,
    button: r.button,
    score: r.score,
    suppressed: r.suppressed,
  };
}

/** A response row as SQLite holds it. */
export interface ResponseRow {
  id: string;
  office_id: string;
  device_id: string;
  channel: SurveyResponse['channel'];
  desk: string | null;
  service_id: string | null;
  csat1: number | null;
  csat2: number | null;
  csat3: number | null;
  ces: number | null;
  nps: number | null;
  comment: string | null;
  complete: 0 | 1;
  born_at: number;
  received_at: number;
}

/** The answers a response row holds: a NULL column is a question the client did not answer. */
export function answersFromColumns(r: Pick<ResponseRow, 'csat1' | 'csat2' | 'csat3' | 'ces' | 'nps'>): SurveyResponse['answers'] {
  const answers: SurveyResponse['answers'] = {};
  if (r.csat1 !== null) answers.csat1 = r.csat1;
  if (r.csat2 !== null) answers.csat2 = r.csat2;
  if (r.csat3 !== null) answers.csat3 = r.csat3;
  if (r.ces !== null) answers.ces = r.ces;
  if (r.nps !== null) answers.nps = r.nps;
  return answers;
}

export function responseFromRow(r: ResponseRow): SurveyResponse {
  const answers = answersFromColumns(r);
  return {
    kind: 'response',
    id: r.id,
    officeId: r.office_id,
    deviceId: r.device_id,
    bornAt: toInstant(r.born_at),
    receivedAt: toInstant(r.received_at),
    channel: r.channel,
    answers,
    comment: r.comment,
    serviceId: r.service_id,
    desk: r.desk,
    complete: r.complete === 1,
  };
}
