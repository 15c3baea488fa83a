import type { Period } from '../../shared/periods.ts';
import type { OfficeKind } from '../../shared/offices.ts';
import type { Db } from '../db/open.ts';
import { readOffices } from '../db/offices.ts';
import { sqlOverSqlite } from '../sql/central-sql.ts';
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

export async function reportOffices(db: Db, scope: ReportScope, period: Pick<Period, 'start'>): Promise<ReportOffice[]> {
  // Read from the hub's own database (sqlOverSqlite(db)), as officesWithPanel below joins office on it:
  // the reports move with the record tables, not with the directory.
  const directory = await readOffices(sqlOverSqlite(db));
  const withPanel = officesWithPanel(db);
  return directory
    .filter((o) => inScope(scope, o.id) && (o.closedAt === null || o.closedAt > period.start))
    .map((o) => ({ id: o.id, name: o.name, kind: o.kind, closed: o.closedAt !== null, hasPanel: withPanel.has(o.id) }));
}

/**
 * The same rows, with the presses' evidence read where the presses are: on a central whose records
 * are in PostgreSQL (record-source.ts), an office whose only evidence is a stored press is asked there.
 */
export async function reportOfficesOf(db: Db, records: RecordSource, scope: ReportScope, period: Pick<Period, 'start'>): Promise<ReportOffice[]> {
  const offices = await reportOffices(db, scope, period);
  if (records.kind === 'sqlite') return offices;
  const pressed = await records.officesWithPresses(offices.filter((o) => !o.hasPanel).map((o) => o.id));
  return offices.map((o) => (pressed.has(o.id) ? { ...o, hasPanel: true } : o));
}

// The central has no devices of its own: there a known panel or a stored press is the evidence.
// Each EXISTS is one index seek (device_panel's key, press_by_panel), not a scan.
function officesWithPanel(db: Db): Set<string> {
  const rows = db
    .prepare(
      `SELECT o.id FROM office o
       WHERE EXISTS (SELECT 1 FROM device d WHERE d.office_id = o.id AND d.kind = 'panel-driver' AND d.revoked_at IS NULL)
          OR EXISTS (SELECT 1 FROM device_panel dp WHERE dp.office_id = o.id)
          OR EXISTS (SELECT 1 FROM press p WHERE p.office_id = o.id)`,
    )
    .pluck()
    .all() as string[];
  return new Set(rows);
}
