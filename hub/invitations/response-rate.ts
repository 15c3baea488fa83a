import type { InvitationRatesResponse } from '../../shared/api/figures.ts';
import type { Period } from '../../shared/periods.ts';
import type { HubConfig } from '../config.ts';
import type { Db } from '../db/open.ts';
import { reportOffices } from '../reports/report-offices.ts';
import type { ReportScope } from '../reports/scope.ts';

/**
 * Per-visit invitations issued in a period and phone answers to them (channels visit-qr and
 * email-link) born in it, per office. An office hub holds what it issued; phones answer at the
 * survey base, which is the central whenever the office hub forwards to one. So each side counts
 * only what it holds and says which half it has: a rate is given where both halves are here
 * (an office hub without a central, or a central that also issues).
 */
export function invitationRates(db: Db, config: Pick<HubConfig, 'role' | 'centralUrl'>, period: Pick<Period, 'start' | 'end'>, scope: ReportScope): Omit<InvitationRatesResponse, 'ok' | 'period'> {
  const offices = reportOffices(db, scope, period);
  const ids = JSON.stringify(offices.map((o) => o.id));
  const issuedHere = config.role === 'office';
  const answeredHere = config.role === 'central' || config.centralUrl === null;
  const count = (sql: string) =>
    new Map((db.prepare(sql).all({ ids, start: period.start, end: period.end }) as { office: string; n: number }[]).map((r) => [r.office, r.n]));
  const issued = issuedHere
    ? count('SELECT office_id AS office, count(*) AS n FROM invitation WHERE office_id IN (SELECT value FROM json_each(@ids)) AND issued_at >= @start AND issued_at < @end GROUP BY office_id')
    : null;
  const answered = answeredHere
    ? count(
        "SELECT office_id AS office, count(*) AS n FROM response WHERE office_id IN (SELECT value FROM json_each(@ids)) AND born_at >= @start AND born_at < @end AND channel IN ('visit-qr', 'email-link') GROUP BY office_id",
      )
    : null;
  return {
    issuedHere,
    answeredHere,
    offices: offices.map((o) => {
      const i = issued ? (issued.get(o.id) ?? 0) : null;
      const a = answered ? (answered.get(o.id) ?? 0) : null;
      return { officeId: o.id, officeName: o.name, issued: i, answered: a, rate: i !== null && a !== null && i > 0 ? (a / i) * 100 : null };
    }),
  };
}
