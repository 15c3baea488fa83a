import { randomUUID } from 'node:crypto';
import type { CallListRow, CallOutcome, CallStatus, CampaignBody, CampaignSummary, PhoneCall } from '../../shared/phone-survey.ts';
import { CALL_STATUSES } from '../../shared/phone-survey.ts';
import { newRecordId } from '../../shared/ids.ts';
import type { FeedbackRecord, SurveyResponse } from '../../shared/records.ts';
import { toInstant } from '../../shared/time.ts';
import type { Db } from '../db/open.ts';
import { PHONE_OPERATOR_DEVICE, type IngestBatch } from '../ingest/ingest-batch.ts';
import { inScope, type OfficeScope } from '../staff/staff-auth.ts';

/**
 * The phone survey's campaigns and call lists on the central (migration 0022). A call's answer is
 * a `response` record of channel 'phone-call' stored through the shared ingest, so it counts in
 * CSAT / CES / NPS like every other answer; the call row keeps only which answer it produced.
 * Closing a campaign deletes its phone numbers.
 */
interface CampaignRow {
  id: string;
  title: string;
  script: string;
  created_at: number;
  created_by: string;
  closed_at: number | null;
}

interface CallRow {
  id: number;
  office_id: string;
  phone: string | null;
  service_date: string;
  status: CallStatus;
  attempts: number;
  call_back_at: number | null;
  updated_by: string | null;
}

function summaryOf(db: Db, row: CampaignRow, scope: OfficeScope): CampaignSummary {
  const counts = Object.fromEntries(CALL_STATUSES.map((s) => [s, 0])) as Record<CallStatus, number>;
  const grouped = db.prepare('SELECT office_id, status, count(*) AS n FROM phone_call WHERE campaign_id = ? GROUP BY office_id, status').all(row.id) as { office_id: string; status: CallStatus; n: number }[];
  for (const g of grouped) if (inScope(scope, g.office_id)) counts[g.status] += g.n;
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

export function createCampaign(db: Db, body: CampaignBody, by: string, now: number): string {
  const id = randomUUID();
  db.prepare('INSERT INTO phone_campaign (id, title, script, created_at, created_by) VALUES (?, ?, ?, ?, ?)').run(id, body.title, body.script, now, by);
  return id;
}

function campaignRow(db: Db, id: string): CampaignRow | undefined {
  return db.prepare('SELECT * FROM phone_campaign WHERE id = ?').get(id) as CampaignRow | undefined;
}

export function listCampaigns(db: Db, scope: OfficeScope): CampaignSummary[] {
  return (db.prepare('SELECT * FROM phone_campaign ORDER BY closed_at IS NOT NULL, created_at DESC').all() as CampaignRow[]).map((r) => summaryOf(db, r, scope));
}

export function readCampaign(db: Db, id: string, scope: OfficeScope): CampaignSummary | null {
  const row = campaignRow(db, id);
  return row ? summaryOf(db, row, scope) : null;
}

export type ImportOutcome = { ok: true; added: number; alreadyListed: number } | { ok: false; reason: 'not-found' | 'closed' };

/** Adds a checked call list; a number already in the campaign is kept as it is (a list sent twice adds nothing). */
export function importCalls(db: Db, campaignId: string, rows: readonly CallListRow[]): ImportOutcome {
  return db.transaction((): ImportOutcome => {
    const campaign = campaignRow(db, campaignId);
    if (!campaign) return { ok: false, reason: 'not-found' };
    if (campaign.closed_at !== null) return { ok: false, reason: 'closed' };
    const insert = db.prepare('INSERT OR IGNORE INTO phone_call (campaign_id, office_id, phone, service_date) VALUES (?, ?, ?, ?)');
    let added = 0;
    for (const row of rows) added += insert.run(campaignId, row.officeId, row.phone, row.serviceDate).changes;
    return { ok: true, added, alreadyListed: rows.length - added };
  })();
}

/** The calls of a campaign an operator may see, those to make first: call-backs due, then not yet called, then the rest. */
export function callQueue(db: Db, campaignId: string, scope: OfficeScope, now: number): PhoneCall[] {
  const rows = db
    .prepare(
      `SELECT id, office_id, phone, service_date, status, attempts, call_back_at, updated_by FROM phone_call WHERE campaign_id = ?
       ORDER BY CASE WHEN status = 'call-back' AND call_back_at <= ? THEN 0 WHEN status = 'pending' THEN 1 WHEN status IN ('no-answer', 'call-back') THEN 2 ELSE 3 END, id`,
    )
    .all(campaignId, now) as CallRow[];
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
 * Records what came of a call. An answered call stores the client's answers as a response record in
 * the same transaction as the call's new state, so a call is never marked answered without its
 * answer, nor answered twice.
 */
export function recordOutcome(db: Db, ingest: IngestBatch, call: { campaignId: string; callId: number }, outcome: CallOutcome, who: { login: string; scope: OfficeScope }, now: number): OutcomeResult {
  return db.transaction((): OutcomeResult => {
    const row = db.prepare('SELECT c.office_id, c.status, p.closed_at FROM phone_call c JOIN phone_campaign p ON p.id = c.campaign_id WHERE c.id = ? AND c.campaign_id = ?').get(call.callId, call.campaignId) as
      | { office_id: string; status: CallStatus; closed_at: number | null }
      | undefined;
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
      const ingested = ingest({ records: [response] }, { kind: 'phone-operator', officeId: row.office_id, login: who.login });
      if (!ingested.ok) return { ok: false, reason: 'invalid', detail: ingested.rejection.invalid[0]?.reason ?? ingested.rejection.reason };
      responseId = response.id;
      stored = ingested.stored;
    }
    const callBackAt = outcome.status === 'call-back' ? Date.parse(outcome.callBackAt) : null;
    db.prepare('UPDATE phone_call SET status = ?, attempts = attempts + 1, call_back_at = ?, updated_at = ?, updated_by = ?, response_id = ? WHERE id = ?').run(
      outcome.status,
      callBackAt,
      now,
      who.login,
      responseId,
      call.callId,
    );
    return { ok: true, responseId, stored };
  })();
}

/** Closes a campaign and deletes every phone number in it; the outcomes and answers stay. */
export function closeCampaign(db: Db, campaignId: string, now: number): { ok: true; deleted: number } | { ok: false; reason: 'not-found' | 'closed' } {
  return db.transaction(() => {
    const campaign = campaignRow(db, campaignId);
    if (!campaign) return { ok: false as const, reason: 'not-found' as const };
    if (campaign.closed_at !== null) return { ok: false as const, reason: 'closed' as const };
    const deleted = db.prepare('UPDATE phone_call SET phone = NULL WHERE campaign_id = ? AND phone IS NOT NULL').run(campaignId).changes;
    db.prepare('UPDATE phone_campaign SET closed_at = ? WHERE id = ?').run(now, campaignId);
    return { ok: true as const, deleted };
  })();
}
