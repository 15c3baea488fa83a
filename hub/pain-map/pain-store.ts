import type { EvidenceInput, MeasureInput, MeasurePatch, PainInput, PainPatch } from '../../shared/api/pain-map.ts';
import { newRecordId } from '../../shared/ids.ts';
import type { Db } from '../db/open.ts';
import type { ReportScope } from '../reports/scope.ts';
import type { RecordSource } from '../records/record-source.ts';

/**
 * The pain map's tables (migration 0023): pains, their evidence and their measures. Rows in, rows
 * out; what a pain or a measure means to people is said by pain-map-view.ts.
 */
export interface PainRow {
  id: string;
  quarter: string;
  process: string;
  office_id: string | null;
  title: string;
  description: string;
  priority: 'high' | 'medium' | 'low';
  topic_id: string | null;
  status: 'open' | 'in-work' | 'resolved' | 'dropped';
  created_by: string;
  created_at: number;
  updated_at: number;
}

export interface EvidenceRow {
  id: number;
  pain_id: string;
  kind: string;
  ref: string | null;
  text: string;
  added_by: string;
  added_at: number;
}

export interface MeasureRow {
  id: string;
  pain_id: string;
  office_id: string | null;
  text: string;
  owner: string;
  due_on: string;
  started_on: string;
  status: 'planned' | 'in-progress' | 'done' | 'cancelled';
  done_on: string | null;
  target: 'panel' | 'csat' | 'nps' | 'ces' | 'negative';
  review: string | null;
  reviewed_by: string | null;
  reviewed_at: number | null;
  created_by: string;
  created_at: number;
  updated_at: number;
}

/** Region-wide rows (office NULL) are everyone's; an office-bound user sees their offices' too. */
const scopeSql = (scope: ReportScope, column: string): { sql: string; offices: string } =>
  scope.officeIds === 'all' ? { sql: '1', offices: '[]' } : { sql: `(${column} IS NULL OR ${column} IN (SELECT value FROM json_each(@offices)))`, offices: JSON.stringify(scope.officeIds) };

export function createPain(db: Db, input: PainInput, actor: string, now: number): string {
  const id = newRecordId();
  db.prepare(
    `INSERT INTO pain (id, quarter, process, office_id, title, description, priority, topic_id, status, created_by, created_at, updated_at)
     VALUES (@id, @quarter, @process, @officeId, @title, @description, @priority, @topicId, 'open', @actor, @now, @now)`,
  ).run({ ...input, id, actor, now });
  return id;
}

const PAIN_COLUMNS: Record<keyof PainPatch, string> = { quarter: 'quarter', process: 'process', officeId: 'office_id', title: 'title', description: 'description', priority: 'priority', topicId: 'topic_id', status: 'status' };

export function patchPain(db: Db, id: string, patch: PainPatch, now: number): boolean {
  const keys = (Object.keys(patch) as (keyof PainPatch)[]).filter((k) => patch[k] !== undefined);
  const sets = keys.map((k) => `${PAIN_COLUMNS[k]} = @${k}`);
  return db.prepare(`UPDATE pain SET ${[...sets, 'updated_at = @now'].join(', ')} WHERE id = @id`).run({ ...Object.fromEntries(keys.map((k) => [k, patch[k]])), id, now }).changes === 1;
}

export function addEvidence(db: Db, painId: string, input: EvidenceInput, actor: string, now: number): number {
  return Number(db.prepare('INSERT INTO pain_evidence (pain_id, kind, ref, text, added_by, added_at) VALUES (?, ?, ?, ?, ?, ?)').run(painId, input.kind, input.ref, input.text, actor, now).lastInsertRowid);
}

export function createMeasure(db: Db, painId: string, input: MeasureInput, actor: string, now: number): string {
  const id = newRecordId();
  db.prepare(
    `INSERT INTO measure (id, pain_id, office_id, text, owner, due_on, started_on, status, target, created_by, created_at, updated_at)
     VALUES (@id, @painId, @officeId, @text, @owner, @dueOn, @startedOn, 'planned', @target, @actor, @now, @now)`,
  ).run({ ...input, id, painId, actor, now });
  return id;
}

const MEASURE_COLUMNS: Record<keyof MeasurePatch, string> = { text: 'text', owner: 'owner', dueOn: 'due_on', startedOn: 'started_on', target: 'target', status: 'status', doneOn: 'done_on' };

/** The caller has checked the patch against the row (measure-rules.ts): this only writes it. */
export function patchMeasure(db: Db, id: string, patch: MeasurePatch, now: number): boolean {
  const keys = (Object.keys(patch) as (keyof MeasurePatch)[]).filter((k) => patch[k] !== undefined);
  const sets = keys.map((k) => `${MEASURE_COLUMNS[k]} = @${k}`);
  return db.prepare(`UPDATE measure SET ${[...sets, 'updated_at = @now'].join(', ')} WHERE id = @id`).run({ ...Object.fromEntries(keys.map((k) => [k, patch[k]])), id, now }).changes === 1;
}

export function reviewMeasure(db: Db, id: string, review: string, actor: string, now: number): boolean {
  return db.prepare('UPDATE measure SET review = ?, reviewed_by = ?, reviewed_at = ?, updated_at = ? WHERE id = ?').run(review, actor, now, now, id).changes === 1;
}

export const findPain = (db: Db, id: string): PainRow | null => (db.prepare('SELECT * FROM pain WHERE id = ?').get(id) as PainRow | undefined) ?? null;
export const findMeasure = (db: Db, id: string): MeasureRow | null => (db.prepare('SELECT * FROM measure WHERE id = ?').get(id) as MeasureRow | undefined) ?? null;

export function listPains(db: Db, quarter: string, scope: ReportScope): { pains: PainRow[]; evidence: EvidenceRow[]; measures: MeasureRow[] } {
  const pains = scopeSql(scope, 'office_id');
  const rows = db.prepare(`SELECT * FROM pain WHERE quarter = @quarter AND ${pains.sql} ORDER BY CASE priority WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, created_at`).all({ quarter, offices: pains.offices }) as PainRow[];
  const ids = JSON.stringify(rows.map((r) => r.id));
  const measures = scopeSql(scope, 'office_id');
  return {
    pains: rows,
    evidence: db.prepare('SELECT * FROM pain_evidence WHERE pain_id IN (SELECT value FROM json_each(?)) ORDER BY id').all(ids) as EvidenceRow[],
    measures: db.prepare(`SELECT * FROM measure WHERE pain_id IN (SELECT value FROM json_each(@ids)) AND ${measures.sql} ORDER BY due_on, created_at`).all({ ids, offices: measures.offices }) as MeasureRow[],
  };
}

/** Measures past their date and not done or cancelled, in every quarter, oldest date first. */
export function overdueMeasures(db: Db, today: string, scope: ReportScope): MeasureRow[] {
  const s = scopeSql(scope, 'office_id');
  return db.prepare(`SELECT * FROM measure WHERE status IN ('planned', 'in-progress') AND due_on < @today AND ${s.sql} ORDER BY due_on, created_at`).all({ today, offices: s.offices }) as MeasureRow[];
}

/** The offices of a pain's measures, NULL (region-wide) left out. */
export const measureOffices = (db: Db, painId: string): string[] =>
  (db.prepare('SELECT DISTINCT office_id AS office FROM measure WHERE pain_id = ? AND office_id IS NOT NULL').all(painId) as { office: string }[]).map((r) => r.office);

/**
 * Whether a piece of evidence names something the central holds: a client's answer (where the
 * responses are: SQLite, or the central's PostgreSQL) or a register entry (always SQLite).
 */
export async function evidenceExists(db: Db, records: RecordSource, kind: 'comment' | 'register-entry', ref: string): Promise<boolean> {
  if (kind === 'comment') return (await records.findResponse(ref)) !== null;
  return db.prepare('SELECT 1 FROM register_entry WHERE id = ?').get(ref) !== undefined;
}
