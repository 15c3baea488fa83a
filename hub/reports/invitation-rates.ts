import type { InvitationRatesResponse } from '../../shared/api/figures.ts';
import { MOSCOW_OFFSET_MS, type Period } from '../../shared/periods.ts';
import type { HubConfig } from '../config.ts';
import type { Db } from '../db/open.ts';
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
 * (the central's PostgreSQL when DATABASE_URL is set). The issued half: an office hub's invitations
 * through CentralSql (`sql`), the central's office_invitation_day in its SQLite (`db`: it is written
 * in the synchronous transaction of a received batch, hub/central/receive-batch.ts).
 */
const DAY_MS = 86_400_000;

export const ANSWERED_INVITATIONS_SQL =
  "SELECT office_id AS office, count(*) AS n FROM response WHERE office_id IN (SELECT value FROM json_each(@ids)) AND born_at >= @start AND born_at < @end AND channel IN ('visit-qr', 'email-link') GROUP BY office_id";

export async function invitationRates(
  db: Db,
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
  const ids = JSON.stringify(officeIds);
  const issued = issuedByOffices
    ? new Map(
        (
          db
            .prepare('SELECT office_id AS office, sum(issued) AS n FROM office_invitation_day WHERE office_id IN (SELECT value FROM json_each(@ids)) AND day >= @startDay AND day < @endDay GROUP BY office_id')
            .all({ ids, startDay, endDay }) as { office: string; n: number }[]
        ).map((r) => [r.office, r.n]),
      )
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
