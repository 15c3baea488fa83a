import type { FeedbackRecord, Heartbeat, Press, SurveyResponse } from '../../shared/records.ts';
import { fromInstant, toInstant } from '../../shared/time.ts';
import { answersFromColumns } from '../db/record-rows.ts';

/**
 * Records turned into column arrays for one `unnest(...)` insert, and rows read back into records.
 * The PostgreSQL counterpart of hub/db/record-rows.ts: the same columns, so a record read back
 * here has the same canonical body as the one that was sent (the conflict test compares them).
 * bigint columns come back from node-postgres as strings (they may exceed 2^53); our times and
 * sequence numbers never do, so they are read with Number().
 */
export interface StoredRecord {
  record: FeedbackRecord;
  receivedAt: number;
}

/** One PostgreSQL array literal per column, in the order of INSERT_BATCH's parameters (batch-sql.ts). */
export interface ColumnArrays {
  press: string[];
  response: string[];
  heartbeat: string[];
}

// Which columns are quoted in the literal (text and uuid) and which are numbers or booleans (written bare).
const PRESS_TEXT = [true, true, true, false, false, true, true, false, true, false, true];
const RESPONSE_TEXT = [true, true, true, false, false, true, true, true, false, false, false, false, false, true, false];
const HEARTBEAT_TEXT = [true, true, true, false, false, true];

export function columnArrays(records: readonly StoredRecord[]): ColumnArrays {
  const press: unknown[][] = Array.from({ length: 11 }, () => []);
  const response: unknown[][] = Array.from({ length: 15 }, () => []);
  const heartbeat: unknown[][] = Array.from({ length: 6 }, () => []);
  const push = (columns: unknown[][], values: unknown[]) => values.forEach((v, i) => columns[i]!.push(v));
  for (const { record, receivedAt } of records) {
    const bornAt = fromInstant(record.bornAt);
    switch (record.kind) {
      case 'press':
        push(press, [record.id, record.officeId, record.deviceId, bornAt, receivedAt, record.panelId, record.desk, record.seq, record.button, record.score, record.suppressed]);
        break;
      case 'response': {
        const a = record.answers;
        push(response, [record.id, record.officeId, record.deviceId, bornAt, receivedAt, record.channel, record.desk, record.serviceId, a.csat1 ?? null, a.csat2 ?? null, a.csat3 ?? null, a.ces ?? null, a.nps ?? null, record.comment, record.complete]);
        break;
      }
      case 'heartbeat': {
        const { receivedAt: _said, ...said } = record;
        push(heartbeat, [record.id, record.officeId, record.deviceId, bornAt, receivedAt, JSON.stringify(said)]);
        break;
      }
    }
  }
  return {
    press: press.map((values, i) => arrayLiteral(values, PRESS_TEXT[i]!)),
    response: response.map((values, i) => arrayLiteral(values, RESPONSE_TEXT[i]!)),
    heartbeat: heartbeat.map((values, i) => arrayLiteral(values, HEARTBEAT_TEXT[i]!)),
  };
}

const QUOTED = /["\\]/;
const QUOTED_ALL = /["\\]/g;

/**
 * A column as PostgreSQL's array literal ('{…}'), sent as a text parameter and cast by the statement
 * ($1::uuid[] …). Written here rather than by node-postgres, which quotes and escapes every element
 * by two regular expressions: measured 2.9 ms of a 1,000-record batch's 17 (docs/central-postgres.md).
 * Strings (text and uuids) are always quoted, so NULL, empty and spaced strings stay what they are;
 * integers and booleans need no quoting.
 */
export function arrayLiteral(values: readonly unknown[], text: boolean): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ',';
    const v = values[i];
    if (v === null || v === undefined) out += 'NULL';
    else if (text) out += QUOTED.test(v as string) ? `"${(v as string).replace(QUOTED_ALL, '\\$&')}"` : `"${v as string}"`;
    else out += typeof v === 'boolean' ? (v ? 't' : 'f') : String(v);
  }
  return out + '}';
}

export interface PressRow {
  id: string;
  office_id: string;
  device_id: string;
  panel_id: string;
  desk: string | null;
  seq: string | null;
  button: string;
  score: number;
  suppressed: Press['suppressed'];
  born_at: string;
  received_at: string;
}

export const pressFromRow = (r: PressRow): Press => ({
  kind: 'press',
  id: r.id,
  officeId: r.office_id,
  deviceId: r.device_id,
  bornAt: toInstant(Number(r.born_at)),
  receivedAt: toInstant(Number(r.received_at)),
  channel: 'panel',
  panelId: r.panel_id,
  desk: r.desk,
  seq: r.seq === null ? null : Number(r.seq),
  button: r.button,
  score: r.score,
  suppressed: r.suppressed,
});

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
  complete: boolean;
  born_at: string;
  received_at: string;
}

export const responseFromRow = (r: ResponseRow): SurveyResponse => ({
  kind: 'response',
  id: r.id,
  officeId: r.office_id,
  deviceId: r.device_id,
  bornAt: toInstant(Number(r.born_at)),
  receivedAt: toInstant(Number(r.received_at)),
  channel: r.channel,
  answers: answersFromColumns(r),
  comment: r.comment,
  serviceId: r.service_id,
  desk: r.desk,
  complete: r.complete,
});

export interface HeartbeatRow {
  body: string;
  received_at: string;
}

export const heartbeatFromRow = (r: HeartbeatRow): Heartbeat => ({ ...(JSON.parse(r.body) as Omit<Heartbeat, 'receivedAt'>), receivedAt: toInstant(Number(r.received_at)) }) as Heartbeat;
