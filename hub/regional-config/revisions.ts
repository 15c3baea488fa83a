import type { Db } from '../db/open.ts';

/**
 * The central's revisions of the regional configuration, and what each office hub says it holds.
 * A revision is written in the transaction of the change it counts (see regional-change.ts), so a
 * saved change always has a revision newer than any snapshot cut before it, and a failed one none.
 */
export interface Revision {
  revision: number;
  changedAt: number;
  actor: string;
  what: string;
}

export interface OfficeConfigReport {
  officeId: string;
  revision: number;
  reportedAt: number;
}

export function currentRevision(db: Db): Revision | null {
  const row = db.prepare('SELECT revision, changed_at, actor, what FROM config_revision ORDER BY revision DESC LIMIT 1').get() as
    | { revision: number; changed_at: number; actor: string; what: string }
    | undefined;
  return row ? { revision: row.revision, changedAt: row.changed_at, actor: row.actor, what: row.what } : null;
}

/** A new revision; call inside the transaction of the change. */
export function bumpRevision(db: Db, change: { actor: string; what: string; now: number }): number {
  const next = (currentRevision(db)?.revision ?? 0) + 1;
  db.prepare('INSERT INTO config_revision (revision, changed_at, actor, what) VALUES (?, ?, ?, ?)').run(next, change.now, change.actor, change.what.slice(0, 300));
  return next;
}

/** When `revision` stopped being the newest: the time of the first one after it, null while it is the newest. */
export function supersededAt(db: Db, revision: number): number | null {
  const row = db.prepare('SELECT changed_at FROM config_revision WHERE revision > ? ORDER BY revision LIMIT 1').get(revision) as { changed_at: number } | undefined;
  return row?.changed_at ?? null;
}

export function recordOfficeReport(db: Db, officeId: string, revision: number, now: number): void {
  db.prepare(
    `INSERT INTO office_config_report (office_id, revision, reported_at) VALUES (?, ?, ?)
     ON CONFLICT (office_id) DO UPDATE SET revision = excluded.revision, reported_at = excluded.reported_at`,
  ).run(officeId, revision, now);
}

export function listOfficeReports(db: Db): Map<string, OfficeConfigReport> {
  const rows = db.prepare('SELECT office_id, revision, reported_at FROM office_config_report').all() as { office_id: string; revision: number; reported_at: number }[];
  return new Map(rows.map((r) => [r.office_id, { officeId: r.office_id, revision: r.revision, reportedAt: r.reported_at }]));
}
