import type { InvitationRatesResponse } from '../../shared/api/figures.ts';
import { MOSCOW_OFFSET_MS, type Period } from '../../shared/periods.ts';
import type { HubConfig } from '../config.ts';
import type { OfficeRow } from '../db/offices.ts';
import type { RecordSource } from '../records/record-source.ts';
import type { CentralSql } from '../sql/central-sql.ts';
import { reportOffices } from './report-offices.ts';
import type { ReportScope } from './scope.ts';

/**
 * Per-visit invitations issued in a period and phone answers to them (channels visit-qr and
 * email-link) born in it, per office. An office hub holds what it issued; phones answer at the
 * survey base, which is the central whenever the office hub forwards to one. The office hubs
 * report their daily counts with their forwarded batches (hub/forward/issued-days.ts), so the
 * central holds both halves and gives the rate; an office hub that forwards holds only the
 * issued half and says so. The answers are responses, so they are read through the RecordSource
 * (the central's PostgreSQL when DATABASE_URL is set). The issued half through CentralSql (`sql`):
 * an office hub's invitations, the central's office_invitation_day (written in the receive transaction
 * of a batch, hub/central/office-invitation-days.ts).
 */
const DAY_MS = 86_400_000;

export const ANSWERED_INVITATIONS_SQL =
  "SELECT office_id AS office, count(*) AS n FROM response WHERE office_id IN (SELECT value FROM json_each(@ids)) AND born_at >= @start AND born_at < @end AND channel IN ('visit-qr', 'email-link') GROUP BY office_id";

export async function invitationRates(
  sql: CentralSql,
  records: RecordSource,
  directory: readonly OfficeRow[],
  config: Pick<HubConfig, 'role' | 'centralUrl'>,
  period: Pick<Period, 'start' | 'end'>,
  scope: ReportScope,
): Promise<Omit<InvitationRatesResponse, 'ok' | 'period'>> {
  const offices = await reportOffices(sql, records, directory, scope, period);
  const issuedByOffices = config.role === 'central';
  const issuedHere = config.role === 'office' || issuedByOffices;
  const answeredHere = config.role === 'central' || config.centralUrl === null;
  // Report periods are whole Moscow days; a period that is not would count its first and last days whole.
  const startDay = Math.floor((period.start + MOSCOW_OFFSET_MS) / DAY_MS);
  const endDay = Math.ceil((period.end + MOSCOW_OFFSET_MS) / DAY_MS);
  const officeIds = offices.map((o) => o.id);
  const issued = issuedByOffices
    ? await reportedByOffices(sql, officeIds, startDay, endDay)
    : issuedHere
      ? await issuedInvitations(sql, officeIds, period)
      : null;
  const answered = answeredHere ? await records.answeredInvitations(officeIds, period.start, period.end) : null;
  return {
    issuedHere,
    issuedByOffices,
    answeredHere,
    offices: offices.map((o) => {
      const i = issued ? (issued.get(o.id) ?? 0) : null;
      const a = answered ? (answered.get(o.id) ?? 0) : null;
      return { officeId: o.id, officeName: o.name, issued: i, answered: a, rate: i !== null && a !== null && i > 0 ? (a / i) * 100 : null };
    }),
  };
}

/** What the office hubs reported they issued on the days [startDay, endDay), per office (an empty list reads nothing). */
async function reportedByOffices(sql: CentralSql, officeIds: readonly string[], startDay: number, endDay: number): Promise<Map<string, number>> {
  if (officeIds.length === 0) return new Map();
  const rows = await sql.db
    .selectFrom('office_invitation_day')
    .select((eb) => ['office_id', eb.fn.sum<number | string>('issued').as('n')])
    .where('office_id', 'in', officeIds)
    .where('day', '>=', startDay)
    .where('day', '<', endDay)
    .groupBy('office_id')
    .execute();
  return new Map(rows.map((r) => [r.office_id, Number(r.n)]));
}

/** The invitations an office hub issued in the period, per office (an empty list reads nothing). */
async function issuedInvitations(sql: CentralSql, officeIds: readonly string[], period: Pick<Period, 'start' | 'end'>): Promise<Map<string, number>> {
  if (officeIds.length === 0) return new Map();
  const rows = await sql.db
    .selectFrom('invitation')
    .select((eb) => ['office_id', eb.fn.countAll<number | string>().as('n')])
    .where('office_id', 'in', officeIds)
    .where('issued_at', '>=', period.start)
    .where('issued_at', '<', period.end)
    .groupBy('office_id')
    .execute();
  return new Map(rows.map((r) => [r.office_id, Number(r.n)]));
}
