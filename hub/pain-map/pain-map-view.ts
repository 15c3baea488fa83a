import type { Measure, Pain } from '../../shared/api/pain-map.ts';
import { toInstant } from '../../shared/time.ts';
import type { Queryable } from '../sql/queryable.ts';
import type { OfficeRow } from '../db/offices.ts';
import type { RecordSource } from '../records/record-source.ts';
import { measureEffect } from './measure-effect.ts';
import type { EvidenceRow, MeasureRow, PainRow } from './pain-store.ts';

/** Rows of the pain map's tables as the API and the XLSX show them: office names, overdue, effects. */
/** `directory`: the office directory as the caller holds it (ctx.offices.list()), closed offices too. */
export async function painMapView(sql: Queryable, records: RecordSource, directory: readonly OfficeRow[], rows: { pains: PainRow[]; evidence: EvidenceRow[]; measures: MeasureRow[] }, today: string, now: number): Promise<Pain[]> {
  const name = officeNames(directory);
  const measures = await Promise.all(rows.measures.map(async (m) => ({ painId: m.pain_id, view: await measureView(sql, records, directory, m, name, today, now) })));
  return rows.pains.map((p) => ({
    id: p.id,
    quarter: p.quarter,
    process: p.process,
    officeId: p.office_id,
    officeName: name(p.office_id),
    title: p.title,
    description: p.description,
    priority: p.priority,
    topicId: p.topic_id,
    status: p.status,
    createdBy: p.created_by,
    createdAt: toInstant(p.created_at),
    evidence: rows.evidence.filter((e) => e.pain_id === p.id).map((e) => ({ id: e.id, kind: e.kind, ref: e.ref, text: e.text, addedBy: e.added_by, addedAt: toInstant(e.added_at) })),
    measures: measures.filter((m) => m.painId === p.id).map((m) => m.view),
  }));
}

export async function measureView(sql: Queryable, records: RecordSource, directory: readonly OfficeRow[], m: MeasureRow, name: (officeId: string | null) => string, today: string, now: number): Promise<Measure> {
  return {
    id: m.id,
    painId: m.pain_id,
    officeId: m.office_id,
    officeName: name(m.office_id),
    text: m.text,
    owner: m.owner,
    dueOn: m.due_on,
    startedOn: m.started_on,
    status: m.status,
    doneOn: m.done_on,
    target: m.target,
    overdue: (m.status === 'planned' || m.status === 'in-progress') && m.due_on < today,
    review: m.review,
    reviewedBy: m.reviewed_by,
    reviewedAt: m.reviewed_at === null ? null : toInstant(m.reviewed_at),
    effect: m.status === 'done' && m.done_on ? await measureEffect(sql, records, directory, { officeId: m.office_id, target: m.target, startedOn: m.started_on, doneOn: m.done_on }, now) : null,
  };
}

export function officeNames(offices: readonly OfficeRow[]): (officeId: string | null) => string {
  const names = new Map(offices.map((o) => [o.id, o.name]));
  return (id) => (id === null ? 'вся область' : (names.get(id) ?? id));
}
