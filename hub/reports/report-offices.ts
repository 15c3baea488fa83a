import type { Period } from '../../shared/periods.ts';
import type { OfficeKind } from '../../shared/offices.ts';
import type { Db } from '../db/open.ts';
import type { OfficeRow } from '../db/offices.ts';
import type { RecordSource } from '../records/record-source.ts';
import { inScope, type ReportScope } from './scope.ts';

/**
 * The rows of a report: every office of the directory in scope, including those with no panel or
 * no answers (they are shown as such, not hidden). An office closed before the period began is left out.
 */
export interface ReportOffice {
  id: string;
  name: string;
  kind: OfficeKind;
  closed: boolean;
  /** A panel driver is registered, a panel is known to the АХО board, or a press was ever stored. */
  hasPanel: boolean;
}

/** `directory`: the office directory as the caller holds it (ctx.offices.list()), in its order, closed offices too. */
export function reportOffices(db: Db, directory: readonly OfficeRow[], scope: ReportScope, period: Pick<Period, 'start'>): ReportOffice[] {
  const offices = directory.filter((o) => inScope(scope, o.id) && (o.closedAt === null || o.closedAt > period.start));
  const withPanel = officesWithPanel(db, offices.map((o) => o.id));
  return offices.map((o) => ({ id: o.id, name: o.name, kind: o.kind, closed: o.closedAt !== null, hasPanel: withPanel.has(o.id) }));
}

/**
 * The same rows, with the presses' evidence read where the presses are: on a central whose records
 * are in PostgreSQL (record-source.ts), an office whose only evidence is a stored press is asked there.
 */
export async function reportOfficesOf(db: Db, records: RecordSource, directory: readonly OfficeRow[], scope: ReportScope, period: Pick<Period, 'start'>): Promise<ReportOffice[]> {
  const offices = reportOffices(db, directory, scope, period);
  if (records.kind === 'sqlite') return offices;
  const pressed = await records.officesWithPresses(offices.filter((o) => !o.hasPanel).map((o) => o.id));
  return offices.map((o) => (pressed.has(o.id) ? { ...o, hasPanel: true } : o));
}

// The central has no devices of its own: there a known panel or a stored press is the evidence.
// Asked per office of the directory (the directory is not in this database). EXPLAIN QUERY PLAN on a
// migrated file: device_panel and press are one index seek each (its key, press_by_office_time), never a
// scan of press; device has no index on office_id and is scanned (a few rows: an office's own devices).
const HAS_PANEL_SQL = `SELECT EXISTS (SELECT 1 FROM device d WHERE d.office_id = @id AND d.kind = 'panel-driver' AND d.revoked_at IS NULL)
    OR EXISTS (SELECT 1 FROM device_panel dp WHERE dp.office_id = @id)
    OR EXISTS (SELECT 1 FROM press p WHERE p.office_id = @id)`;

function officesWithPanel(db: Db, officeIds: readonly string[]): Set<string> {
  const hasPanel = db.prepare<{ id: string }, number>(HAS_PANEL_SQL).pluck();
  return new Set(officeIds.filter((id) => hasPanel.get({ id }) === 1));
}
