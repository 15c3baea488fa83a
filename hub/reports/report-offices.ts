import type { Period } from '../../shared/periods.ts';
import type { OfficeKind } from '../../shared/offices.ts';
import type { OfficeRow } from '../db/offices.ts';
import type { RecordSource } from '../records/record-source.ts';
import { queryable, type Queryable } from '../sql/queryable.ts';
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

/**
 * `directory`: the office directory as the caller holds it (ctx.offices.list()), in its order, closed offices too.
 * The evidence of a panel is read where it is: a registered panel driver or a known panel in the
 * central's tables (`sql`: device, device_panel), a stored press in the records (`records`: the
 * hub's SQLite or the central's PostgreSQL), asked only for the offices still without evidence.
 */
export async function reportOffices(sql: Queryable, records: RecordSource, directory: readonly OfficeRow[], scope: ReportScope, period: Pick<Period, 'start'>): Promise<ReportOffice[]> {
  const offices = directory.filter((o) => inScope(scope, o.id) && (o.closedAt === null || o.closedAt > period.start));
  const withPanel = await officesWithPanel(sql, records, offices.map((o) => o.id));
  return offices.map((o) => ({ id: o.id, name: o.name, kind: o.kind, closed: o.closedAt !== null, hasPanel: withPanel.has(o.id) }));
}

// The central has no devices of its own: there a known panel or a stored press is the evidence.
// One statement per table with the directory's ids in scope as an `in` list (the directory is not in
// this database); device has no index on office_id and is scanned (a few rows: the offices' own
// devices), device_panel is read by its key's prefix; presses are asked of the records last.
async function officesWithPanel(sql: Queryable, records: RecordSource, officeIds: readonly string[]): Promise<Set<string>> {
  if (officeIds.length === 0) return new Set();
  const db = queryable(sql);
  const drivers = await db
    .selectFrom('device')
    .select('office_id')
    .distinct()
    .where('office_id', 'in', officeIds)
    .where('kind', '=', 'panel-driver')
    .where('revoked_at', 'is', null)
    .execute();
  const panels = await db.selectFrom('device_panel').select('office_id').distinct().where('office_id', 'in', officeIds).execute();
  const found = new Set([...drivers, ...panels].map((r) => r.office_id));
  const rest = officeIds.filter((id) => !found.has(id));
  if (rest.length === 0) return found;
  for (const id of await records.officesWithPresses(rest)) found.add(id);
  return found;
}
