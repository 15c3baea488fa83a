import { interviewerBatchSchema, interviewerRefusalSchema } from '../../shared/api/interviewer.ts';
import { INTERVIEWER_REFUSAL_KIND, type InterviewerRefusal } from '../../shared/interviewer.ts';
import type { IngestAck, IngestRejection, IngestResult } from '../../shared/protocol/ingest.ts';
import { INGEST_PROTOCOL } from '../../shared/protocol/wire.ts';
import { describeIssues, type FeedbackRecord } from '../../shared/records.ts';
import type { HubContext } from '../context.ts';
import { exitPollRefusal, validateIngestBatch, type Sender } from '../ingest/ingest-batch.ts';
import { storeRefusal } from './refusals.ts';

/**
 * One request from an interviewer's tablet: visitors' answers (survey-answer records, through the
 * hub's one ingest, so they are stored and queued for the central exactly as a kiosk's are) and
 * refusals. The whole batch is checked first; one bad item refuses it all with a reason per item
 * by its index (the tablet sets those aside and sends the rest again), otherwise everything is
 * stored in one transaction and every id is acknowledged in the batch's order.
 *
 * The answers go through the synchronous ingest on the hub's SQLite (ctx.db), the refusals through
 * their store on `ctx.sql` (refusals.ts); an office hub's `ctx.sql` is over that same SQLite handle,
 * so the ingest runs inside the refusals' transaction (as a savepoint) and one commit takes both.
 */
export type TakeOutcome = { ok: true; ack: IngestAck; stored: FeedbackRecord[] } | { ok: false; rejection: IngestRejection };

const isRefusal = (raw: unknown): boolean => typeof raw === 'object' && raw !== null && (raw as { kind?: unknown }).kind === INTERVIEWER_REFUSAL_KIND;
const idOf = (raw: unknown): string | null => (typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id : null);

export function createInterviewerIntake(ctx: Pick<HubContext, 'db' | 'sql' | 'ingest' | 'clock' | 'surveyVersions'>) {
  const surveys = ctx.surveyVersions.lookup;

  function checkRefusal(raw: unknown, officeId: string): { ok: true; refusal: InterviewerRefusal } | { ok: false; reason: string } {
    const parsed = interviewerRefusalSchema.safeParse(raw);
    if (!parsed.success) return { ok: false, reason: describeIssues(parsed.error) };
    const refusal = parsed.data;
    if (refusal.officeId !== officeId) return { ok: false, reason: `запись отдела ${refusal.officeId}, а хаб отдела ${officeId}` };
    const definition = surveys(refusal.surveyId, refusal.version);
    if (!definition) return { ok: false, reason: `опрос ${refusal.surveyId} версии ${refusal.version} здесь неизвестен` };
    const refused = exitPollRefusal(definition, refusal.surveyId, officeId);
    return refused ? { ok: false, reason: refused } : { ok: true, refusal };
  }

  const storeAll = (answers: { raw: unknown; index: number }[], taps: { refusal: InterviewerRefusal; index: number }[], sender: Sender, now: number) =>
    ctx.sql.transaction(async (trx) => {
      const results = new Map<number, IngestResult>();
      let stored: FeedbackRecord[] = [];
      if (answers.length > 0) {
        const outcome = ctx.ingest({ records: answers.map((a) => a.raw) }, sender);
        // Checked just before, in the same synchronous turn: a refusal here would be a bug, and it rolls everything back.
        if (!outcome.ok) throw new Error(`interviewer answers refused after their check: ${outcome.rejection.reason}`);
        outcome.ack.results.forEach((result, i) => results.set(answers[i]!.index, result));
        stored = outcome.stored;
      }
      for (const tap of taps) results.set(tap.index, { id: tap.refusal.id, status: await storeRefusal(trx, tap.refusal, now) });
      return { results, stored };
    });

  return async function take(body: unknown, officeId: string): Promise<TakeOutcome> {
    const envelope = interviewerBatchSchema.safeParse(body);
    if (!envelope.success) return { ok: false, rejection: { ok: false, error: 'invalid-batch', reason: describeIssues(envelope.error), invalid: [] } };
    const records = envelope.data.records;
    const sender: Sender = { kind: 'interviewer', officeId };
    const answers = records.map((raw, index) => ({ raw, index })).filter((r) => !isRefusal(r.raw));
    const taps: { refusal: InterviewerRefusal; index: number }[] = [];
    const invalid: IngestRejection['invalid'] = [];
    records.forEach((raw, index) => {
      if (!isRefusal(raw)) return;
      const checked = checkRefusal(raw, officeId);
      if (checked.ok) taps.push({ refusal: checked.refusal, index });
      else invalid.push({ index, id: idOf(raw), reason: checked.reason });
    });
    if (answers.length > 0) {
      const checked = validateIngestBatch({ records: answers.map((a) => a.raw) }, sender, surveys);
      if (!checked.ok) invalid.push(...checked.rejection.invalid.map((i) => ({ ...i, index: answers[i.index]?.index ?? i.index })));
    }
    if (invalid.length > 0) {
      invalid.sort((a, b) => a.index - b.index);
      return { ok: false, rejection: { ok: false, error: 'invalid-records', reason: `${invalid.length} из ${records.length} записей не приняты; ничего не сохранено`, invalid } };
    }
    const { results, stored } = await storeAll(answers, taps, sender, ctx.clock());
    return { ok: true, ack: { ok: true, protocol: INGEST_PROTOCOL, results: records.map((_, i) => results.get(i)!) }, stored };
  };
}
