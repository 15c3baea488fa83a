import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { CallListRow, CallOutcome, CallStatus, CampaignBody, CampaignSummary, PhoneCall } from '../../shared/phone-survey.ts';
import { CALL_STATUSES } from '../../shared/phone-survey.ts';
import { newRecordId } from '../../shared/ids.ts';
import type { FeedbackRecord, SurveyResponse } from '../../shared/records.ts';
import { toInstant } from '../../shared/time.ts';
import { PHONE_OPERATOR_DEVICE, type IngestInto } from '../ingest/ingest-batch.ts';
import type { CentralSql } from '../sql/central-sql.ts';
import type { PhoneCampaignTable, Tables } from '../sql/tables.ts';
import { inScope, type OfficeScope } from '../staff/staff-auth.ts';

/**
 * The phone survey's campaigns and call lists on the central (SQLite migration 0022, PostgreSQL
 * 0011), the same statements on both databases (hub/sql/central-sql.ts). A call's answer is a
 * `response` record of channel 'phone-call' stored through the shared ingest (the hub's SQLite, its
 * own synchronous store), so it counts in CSAT / CES / NPS like every other answer; the call row
 * keeps only which answer it produced. Closing a campaign deletes its phone numbers.
 */
type CampaignRow = Selectable<PhoneCampaignTable>;

/** Rows per INSERT of a call list: 4 parameters each, far below both databases' limits. */
const IMPORT_CHUNK = 500;

async function summaryOf(db: Kysely<Tables>, row: CampaignRow, scope: OfficeScope): Promise<CampaignSummary> {
  const counts = Object.fromEntries(CALL_STATUSES.map((s) => [s, 0])) as Record<CallStatus, number>;
  const grouped = await db
    .selectFrom('phone_call')
    .select((eb) => ['office_id', 'status', eb.fn.countAll<number>().as('n')])
    .where('campaign_id', '=', row.id)
    .groupBy(['office_id', 'status'])
    .execute();
  for (const g of grouped) if (inScope(scope, g.office_id)) counts[g.status] += Number(g.n);
  return {
    id: row.id,
    title: row.title,
    script: row.script,
    createdAt: toInstant(row.created_at),
    createdBy: row.created_by,
    closedAt: row.closed_at === null ? null : toInstant(row.closed_at),
    counts,
    total: Object.values(counts).reduce((a, b) => a + b, 0),
  };
}

export async function createCampaign(sql: CentralSql, body: CampaignBody, by: string, now: number): Promise<string> {
  const id = randomUUID();
  await sql.db.insertInto('phone_campaign').values({ id, title: body.title, script: body.script, created_at: now, created_by: by, closed_at: null }).execute();
  return id;
}

function campaignRow(db: Kysely<Tables>, id: string): Promise<CampaignRow | undefined> {
  return db.selectFrom('phone_campaign').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Open campaigns first, newest first within each. */
export async function listCampaigns(sql: CentralSql, scope: OfficeScope): Promise<CampaignSummary[]> {
  const rows = await sql.db
    .selectFrom('phone_campaign')
    .selectAll()
    .orderBy((eb) => eb('closed_at', 'is not', null))
    .orderBy('created_at', 'desc')
    .execute();
  const summaries: CampaignSummary[] = [];
  for (const row of rows) summaries.push(await summaryOf(sql.db, row, scope));
  return summaries;
}

export async function readCampaign(sql: CentralSql, id: string, scope: OfficeScope): Promise<CampaignSummary | null> {
  const row = await campaignRow(sql.db, id);
  return row ? summaryOf(sql.db, row, scope) : null;
}

export type ImportOutcome = { ok: true; added: number; alreadyListed: number } | { ok: false; reason: 'not-found' | 'closed' };

/** Adds a checked call list; a number already in the campaign is kept as it is (a list sent twice adds nothing). */
export function importCalls(sql: CentralSql, campaignId: string, rows: readonly CallListRow[]): Promise<ImportOutcome> {
  return sql.transaction(async (trx): Promise<ImportOutcome> => {
    const campaign = await lockedCampaign(sql, trx, campaignId);
    if (!campaign) return { ok: false, reason: 'not-found' };
    if (campaign.closed_at !== null) return { ok: false, reason: 'closed' };
    let added = 0;
    // Rows keep the list's order in their ids (the queue's order among equals).
    for (let start = 0; start < rows.length; start += IMPORT_CHUNK) {
      const chunk = rows.slice(start, start + IMPORT_CHUNK);
      const inserted = await trx
        .insertInto('phone_call')
        .values(chunk.map((row) => ({ campaign_id: campaignId, office_id: row.officeId, phone: row.phone, service_date: row.serviceDate, call_back_at: null, updated_at: null, updated_by: null, response_id: null })))
        .onConflict((oc) => oc.columns(['campaign_id', 'phone']).doNothing())
        .returning('id')
        .execute();
      added += inserted.length;
    }
    return { ok: true, added, alreadyListed: rows.length - added };
  });
}

/**
 * The campaign row inside a transaction. On PostgreSQL it is locked, so closing a campaign waits for
 * an import or an outcome under way and the other way round; SQLite's transactions run one at a time.
 */
function lockedCampaign(sql: CentralSql, trx: Kysely<Tables>, id: string): Promise<CampaignRow | undefined> {
  return trx
    .selectFrom('phone_campaign')
    .selectAll()
    .where('id', '=', id)
    .$if(sql.dialect === 'postgres', (qb) => qb.forUpdate())
    .executeTakeFirst();
}

/** The calls of a campaign an operator may see, those to make first: call-backs due, then not yet called, then the rest. */
export async function callQueue(sql: CentralSql, campaignId: string, scope: OfficeScope, now: number): Promise<PhoneCall[]> {
  const rows = await sql.db
    .selectFrom('phone_call')
    .select(['id', 'office_id', 'phone', 'service_date', 'status', 'attempts', 'call_back_at', 'updated_by'])
    .where('campaign_id', '=', campaignId)
    .orderBy((eb) =>
      eb
        .case()
        .when(eb.and([eb('status', '=', 'call-back'), eb('call_back_at', '<=', now)]))
        .then(0)
        .when('status', '=', 'pending')
        .then(1)
        .when('status', 'in', ['no-answer', 'call-back'])
        .then(2)
        .else(3)
        .end(),
    )
    .orderBy('id')
    .execute();
  return rows
    .filter((r) => inScope(scope, r.office_id))
    .map((r) => ({
      id: r.id,
      officeId: r.office_id,
      phone: r.phone,
      serviceDate: r.service_date,
      status: r.status,
      attempts: r.attempts,
      callBackAt: r.call_back_at === null ? null : toInstant(r.call_back_at),
      updatedBy: r.updated_by,
    }));
}

export type OutcomeResult = { ok: true; responseId: string | null; stored: FeedbackRecord[] } | { ok: false; reason: 'not-found' | 'closed' | 'already-answered' } | { ok: false; reason: 'invalid'; detail: string };

/**
 * Records what came of a call. An answered call stores the client's answers as a response record
 * (the synchronous `ingest`, on the hub's SQLite) inside the transaction of the call's new state, so
 * a call is never marked answered without its answer, nor answered twice.
 *
 * The answer is stored inside this one transaction (`ingest`, ctx.ingestInto: on SQLite a savepoint
 * on the same connection, on the central's PostgreSQL through its trx). On PostgreSQL the call row is
 * locked for the transaction, so two operators cannot answer one call.
 */
export function recordOutcome(sql: CentralSql, ingest: IngestInto, call: { campaignId: string; callId: number }, outcome: CallOutcome, who: { login: string; scope: OfficeScope }, now: number): Promise<OutcomeResult> {
  return sql.transaction(async (trx): Promise<OutcomeResult> => {
    // On PostgreSQL the campaign shared first, then the call alone: outcomes of one campaign go
    // side by side, closeCampaign (the campaign, then its calls) waits for them or they for it and
    // then read it closed, and the two never wait on each other crosswise.
    if (sql.dialect === 'postgres') await trx.selectFrom('phone_campaign').select('id').where('id', '=', call.campaignId).forShare().execute();
    const row = await trx
      .selectFrom('phone_call as c')
      .innerJoin('phone_campaign as p', 'p.id', 'c.campaign_id')
      .select(['c.office_id', 'c.status', 'p.closed_at'])
      .where('c.id', '=', call.callId)
      .where('c.campaign_id', '=', call.campaignId)
      .$if(sql.dialect === 'postgres', (qb) => qb.forUpdate('c'))
      .executeTakeFirst();
    if (!row || !inScope(who.scope, row.office_id)) return { ok: false, reason: 'not-found' };
    if (row.closed_at !== null) return { ok: false, reason: 'closed' };
    if (row.status === 'answered') return { ok: false, reason: 'already-answered' };
    let responseId: string | null = null;
    let stored: FeedbackRecord[] = [];
    if (outcome.status === 'answered') {
      const response: SurveyResponse = {
        kind: 'response',
        id: newRecordId(),
        officeId: row.office_id,
        deviceId: PHONE_OPERATOR_DEVICE,
        bornAt: toInstant(now),
        channel: 'phone-call',
        answers: outcome.answers,
        comment: outcome.comment,
        serviceId: null,
        desk: null,
        complete: true,
      };
      const ingested = await ingest(trx, { records: [response] }, { kind: 'phone-operator', officeId: row.office_id, login: who.login });
      if (!ingested.ok) return { ok: false, reason: 'invalid', detail: ingested.rejection.invalid[0]?.reason ?? ingested.rejection.reason };
      responseId = response.id;
      stored = ingested.stored;
    }
    const callBackAt = outcome.status === 'call-back' ? Date.parse(outcome.callBackAt) : null;
    await trx
      .updateTable('phone_call')
      .set((eb) => ({ status: outcome.status, attempts: eb('attempts', '+', 1), call_back_at: callBackAt, updated_at: now, updated_by: who.login, response_id: responseId }))
      .where('id', '=', call.callId)
      .execute();
    return { ok: true, responseId, stored };
  });
}

/** Closes a campaign and deletes every phone number in it; the outcomes and answers stay. */
export function closeCampaign(sql: CentralSql, campaignId: string, now: number): Promise<{ ok: true; deleted: number } | { ok: false; reason: 'not-found' | 'closed' }> {
  return sql.transaction(async (trx) => {
    const campaign = await lockedCampaign(sql, trx, campaignId);
    if (!campaign) return { ok: false as const, reason: 'not-found' as const };
    if (campaign.closed_at !== null) return { ok: false as const, reason: 'closed' as const };
    const cleared = await trx.updateTable('phone_call').set({ phone: null }).where('campaign_id', '=', campaignId).where('phone', 'is not', null).executeTakeFirst();
    await trx.updateTable('phone_campaign').set({ closed_at: now }).where('id', '=', campaignId).execute();
    return { ok: true as const, deleted: Number(cleared.numUpdatedRows) };
  });
}
