import type { InterviewerRefusal } from '../../shared/interviewer.ts';
import { fromInstant, toInstant } from '../../shared/time.ts';
import type { Db } from '../db/open.ts';
import type { StoreStatus } from '../db/record-rows.ts';

/**
 * The «отказался отвечать» taps of the exit poll (migration 0029, office hub only): stored once by
 * the id the tablet gave them, counted into the summary form, never forwarded (the form carries the
 * count). A row names the survey, the office and the moment: no login, no visitor.
 */
export function createRefusalStore(db: Db) {
  const insertRow = db.prepare('INSERT INTO interviewer_refusal (id, office_id, survey_id, version, born_at, received_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING');
  const held = db.prepare('SELECT office_id, survey_id, version, born_at FROM interviewer_refusal WHERE id = ?');
  const counted = db.prepare('SELECT count(*) FROM interviewer_refusal WHERE survey_id = ? AND version = ? AND office_id = ? AND born_at >= ? AND born_at < ?').pluck();

  /** Stored, the same already held (a resend), or another body under this id (kept as it was). */
  function insert(refusal: InterviewerRefusal, receivedAt: number): StoreStatus {
    const bornAt = fromInstant(refusal.bornAt);
    if (insertRow.run(refusal.id, refusal.officeId, refusal.surveyId, refusal.version, bornAt, receivedAt).changes === 1) return 'stored';
    const row = held.get(refusal.id) as { office_id: string; survey_id: string; version: number; born_at: number } | undefined;
    const same = row && row.office_id === refusal.officeId && row.survey_id === refusal.surveyId && row.version === refusal.version && toInstant(row.born_at) === refusal.bornAt;
    return same ? 'duplicate' : 'conflict';
  }

  /** Refusals for one survey version at one office, born in [start, end). */
  function count(surveyId: string, version: number, officeId: string, range: { start: number; end: number }): number {
    return counted.get(surveyId, version, officeId, range.start, range.end) as number;
  }

  return { insert, count };
}
