import { describeIssues, recordSchema, type FeedbackRecord } from '../../shared/records.ts';
import { ingestRequestSchema, type IngestAck, type IngestRejection, type IngestResult } from '../../shared/protocol/ingest.ts';
import { toInstant, type Clock } from '../../shared/time.ts';
import type { Transaction } from 'kysely';
import type { Tables } from '../sql/tables.ts';
import type { Db } from '../db/open.ts';
import { createRecordStore } from '../db/record-rows.ts';
import { createOutbox } from '../outbox/outbox.ts';
import { INGEST_PROTOCOL } from '../../shared/protocol/wire.ts';
import { checkSurveyAnswers } from '../../shared/surveys/answer-check.ts';
import { targetsOffice } from '../../shared/surveys/offer.ts';
import type { SurveyDefinition } from '../../shared/surveys/definition.ts';
import { INTERVIEWER_DEVICE_ID } from '../../shared/interviewer.ts';
import type { SurveyVersionLookup } from '../db/survey-versions.ts';
import { conflictLetter, DEAD_LETTER_INSERT } from './dead-letters.ts';

/**
 * Who sent a batch, as proven by its credential: a registered device of this office, or (on the
 * central) an office hub. A sender may only speak for itself: a device for its own id and office,
 * an office hub for its own office.
 */
export type Sender =
  | { kind: 'device'; deviceId: string; officeId: string }
  | { kind: 'office-hub'; officeId: string }
  // A client's phone through the public survey endpoints (hub/invitations/): responses and built-survey answers only, device 'phone'.
  | { kind: 'public'; officeId: string }
  // An operator of the phone survey on the central (hub/phone-survey/): phone-call responses only, device 'phone-operator', named by login.
  | { kind: 'phone-operator'; officeId: string; login: string }
  // Office staff running the exit poll on the office hub (hub/interviewer/): answers of channel 'interviewer' and the summary form.
  | { kind: 'interviewer'; officeId: string };

/** The device id of every phone-survey answer: the answers of a call are the operator's record, not a device's. */
export const PHONE_OPERATOR_DEVICE = 'phone-operator';
/** The device id of every exit-poll answer and summary form: the tablet is nobody's device, and no answer names its interviewer. */
export const INTERVIEWER_DEVICE = INTERVIEWER_DEVICE_ID;

export type IngestOutcome = { ok: true; ack: IngestAck; stored: FeedbackRecord[] } | { ok: false; rejection: IngestRejection };

export interface IngestOptions {
  clock: Clock;
  /**
   * The survey version a survey answer names (ctx.surveyVersions.lookup, read from memory); an
   * ingest that takes no survey answers may pass NO_SURVEY_VERSIONS.
   */
  surveys: SurveyVersionLookup;
  /**
   * What is queued in the outbox as it is stored: on an office hub everything (for the central); on
   * a central on PostgreSQL the presses and responses born at the central itself (public links,
   * phone calls), which hub/central-pg/central-born-copy.ts copies up; otherwise nothing.
   */
  forward: boolean | ReadonlySet<FeedbackRecord['kind']>;
}

/**
 * Validates a whole batch first and stores nothing if any record is invalid (400 with a reason per
 * record); otherwise stores it in one transaction. Throws only when the database fails, and then
 * nothing of the batch is committed, so the caller can answer 503 and the sender retries.
 */
export function createIngest(db: Db, options: IngestOptions) {
  const { surveys } = options;
  const store = createRecordStore(db, surveys);
  const outbox = createOutbox(db);
  const deadLetter = db.prepare(DEAD_LETTER_INSERT);

  // A device's word on when the hub received something is not taken: only an office hub's is.
  const storeAll = db.transaction((records: FeedbackRecord[], source: string, now: number, trustReceivedAt: boolean) => {
    const results: IngestResult[] = [];
    const stored: FeedbackRecord[] = [];
    const queued: [FeedbackRecord['kind'], string][] = [];
    const nowInstant = toInstant(now);
    for (const record of records) {
      const receivedAt = trustReceivedAt && record.receivedAt ? Date.parse(record.receivedAt) : now;
      const status = store.insert(record, receivedAt);
      if (status === 'stored') {
        stored.push({ ...record, receivedAt: receivedAt === now ? nowInstant : toInstant(receivedAt) });
        queued.push([record.kind, record.id]);
      } else if (status === 'conflict') {
        deadLetter.run(...conflictLetter(record, source, now));
      }
      results.push({ id: record.id, status });
    }
    const forward = options.forward;
    if (forward === true) outbox.enqueue(queued);
    else if (forward) outbox.enqueue(queued.filter(([kind]) => forward.has(kind)));
    return { results, stored };
  });

  function ingestBatch(body: unknown, sender: Sender): IngestOutcome {
    const batch = validateIngestBatch(body, sender, surveys);
    if (!batch.ok) return batch;
    const { results, stored } = storeAll(batch.records, batch.source, options.clock(), sender.kind === 'office-hub');
    return { ok: true, ack: { ok: true, protocol: INGEST_PROTOCOL, results }, stored };
  }
  // The versions it checks survey answers against, for the central's receiver (receive-batch.ts).
  return Object.assign(ingestBatch, { surveys });
}

export type ValidatedBatch = { ok: true; records: FeedbackRecord[]; source: string } | { ok: false; rejection: IngestRejection };

/**
 * The whole batch checked before anything is stored: the envelope, every record against the shared
 * schema and against what its sender may speak for. Shared by every store of records (the SQLite
 * hub and central here, the PostgreSQL central in hub/central-pg/), so they refuse alike.
 * `source` is how the dead-letter list names the sender. `surveys` finds the version a survey answer
 * names; an answer naming one this hub does not hold is refused with that reason, and the sender
 * keeps it (the kiosk sets it aside, an office hub's outbox moves it to its forward dead letters).
 */
export function validateIngestBatch(body: unknown, sender: Sender, surveys: SurveyVersionLookup): ValidatedBatch {
  const envelope = ingestRequestSchema.safeParse(body);
  if (!envelope.success) {
    return { ok: false, rejection: { ok: false, error: 'invalid-batch', reason: describeIssues(envelope.error), invalid: [] } };
  }
  const records: FeedbackRecord[] = [];
  const invalid: IngestRejection['invalid'] = [];
  envelope.data.records.forEach((raw, index) => {
    const id = typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id : null;
    const parsed = recordSchema.safeParse(raw);
    if (!parsed.success) {
      invalid.push({ index, id, reason: describeIssues(parsed.error) });
      return;
    }
    const refusal = senderRefusal(parsed.data, sender) ?? surveyRefusal(parsed.data, sender, surveys);
    if (refusal) invalid.push({ index, id, reason: refusal });
    else records.push(parsed.data);
  });
  if (invalid.length > 0) {
    return { ok: false, rejection: { ok: false, error: 'invalid-records', reason: `${invalid.length} из ${envelope.data.records.length} записей не приняты; пакет не сохранён`, invalid } };
  }
  const source =
    sender.kind === 'device'
      ? `device:${sender.deviceId}`
      : sender.kind === 'public'
        ? `public:${sender.officeId}`
        : sender.kind === 'phone-operator'
          ? `operator:${sender.login}`
          : sender.kind === 'interviewer'
            ? `interviewer:${sender.officeId}`
            : `office:${sender.officeId}`;
  return { ok: true, records, source };
}

export type IngestBatch = ReturnType<typeof createIngest>;

/**
 * The ingest inside the caller's transaction (ctx.ingestInto): an answer stored with what it
 * belongs to (a phone invitation spent, a call's outcome), one commit for both. On SQLite it is the
 * synchronous ingest on the same connection (a savepoint of the caller's transaction); on the
 * central's PostgreSQL, hub/central-pg/ingest-into.ts, in the caller's `trx`.
 */
export type IngestInto = (trx: Transaction<Tables>, body: unknown, sender: Sender) => Promise<IngestOutcome>;

/** SQLite's: the hub's ingest, synchronous on the connection the caller's transaction holds. */
export const sqliteIngestInto =
  (ingest: IngestBatch): IngestInto =>
  async (_trx, body, sender) =>
    ingest(body, sender);

/**
 * A survey answer checked against the version it names (shared/surveys/answer-check.ts); a summary
 * form's figures name only that version's questions. What an interviewer sends must belong to a
 * survey this office runs as an exit poll.
 */
function surveyRefusal(record: FeedbackRecord, sender: Sender, surveys: SurveyVersionLookup): string | null {
  if (record.kind !== 'survey-answer' && record.kind !== 'survey-summary') return null;
  const definition = surveys(record.surveyId, record.version);
  if (!definition) return `опрос ${record.surveyId} версии ${record.version} здесь неизвестен`;
  const exitPoll = sender.kind === 'interviewer' ? exitPollRefusal(definition, record.surveyId, record.officeId) : null;
  if (exitPoll) return exitPoll;
  if (record.kind === 'survey-summary') {
    const ids = definition.questions.map((q) => q.id);
    const named = record.figures.questions.map((q) => q.id);
    return named.length === ids.length && named.every((id, i) => id === ids[i]) ? null : `итоговая форма не подходит к опросу ${record.surveyId} версии ${record.version}: вопросы не те`;
  }
  const check = checkSurveyAnswers(definition, record.answers, record.complete);
  return check.ok ? null : `ответ не подходит к опросу ${record.surveyId} версии ${record.version}: ${check.reason}`;
}

/** Why an office's interviewer may not take answers to this survey version, or null: it must be an exit poll of this office. */
export function exitPollRefusal(definition: SurveyDefinition, surveyId: string, officeId: string): string | null {
  if (!definition.meta.places.includes('interviewer')) return `опрос ${surveyId} не проводится как опрос на выходе`;
  if (!targetsOffice(definition, officeId)) return `опрос ${surveyId} не проводится в отделе ${officeId}`;
  return null;
}

/**
 * A device key vouches for the device's own records only: a kiosk answers on its own channel. The
 * phone channels (poster, per-visit QR, e-mailed link) come from phones through the public
 * endpoint, with the token or the poster rules it checks (docs/phone-surveys.md), never under a
 * device's key. A device's records keep the time they were born at, however old: a kiosk or a
 * driver may deliver weeks of records after an outage.
 */
function senderRefusal(record: FeedbackRecord, sender: Sender): string | null {
  if (record.officeId !== sender.officeId) return `запись отдела ${record.officeId}, а отправитель из отдела ${sender.officeId}`;
  if (sender.kind === 'device' && record.deviceId !== sender.deviceId) return `запись устройства ${record.deviceId}, а отправитель ${sender.deviceId}`;
  if (record.kind === 'survey-answer' && record.channel === 'staff-link') return 'ответы опроса сотрудников принимаются только по одноразовой ссылке на центральном сборщике';
  // The exit poll: the interviewer's page sends its answers and summary forms, and only those; they come from nowhere else but a forwarding office hub.
  const exitPoll = (record.kind === 'survey-answer' && record.channel === 'interviewer') || record.kind === 'survey-summary';
  if (sender.kind === 'interviewer' && (!exitPoll || record.deviceId !== INTERVIEWER_DEVICE)) return `сотрудник на выходе вносит только ответы канала interviewer и итоговые формы устройства ${INTERVIEWER_DEVICE}`;
  if (exitPoll && sender.kind !== 'interviewer' && sender.kind !== 'office-hub') return 'ответы опроса на выходе и итоговые формы вносит сотрудник на хабе отдела';
  if (sender.kind === 'device' && record.kind === 'survey-answer' && record.channel !== 'kiosk') return `ответ на опрос канала ${record.channel} с ключом устройства не принимается`;
  if (sender.kind === 'device' && record.kind === 'response' && record.channel !== 'kiosk') return `анкета канала ${record.channel} с ключом устройства не принимается: ответы с телефона идут через /api/public/responses`;
  if (sender.kind === 'public' && ((record.kind !== 'response' && record.kind !== 'survey-answer') || record.deviceId !== 'phone')) return 'с телефона принимаются только анкеты и ответы на опросы устройства phone';
  // A phone-survey answer is typed in on the central by its operator, and only there.
  const phoneCall = record.kind === 'response' && record.channel === 'phone-call';
  if (sender.kind === 'phone-operator' && (!phoneCall || record.deviceId !== PHONE_OPERATOR_DEVICE)) return `оператор телефонного опроса вносит только анкеты канала phone-call устройства ${PHONE_OPERATOR_DEVICE}`;
  if (sender.kind !== 'phone-operator' && phoneCall) return 'анкета телефонного опроса вносится только оператором на центральном сборщике';
  return null;
}
