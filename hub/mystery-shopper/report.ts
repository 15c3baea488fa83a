import type { ApiOfficeScore, Criterion, ReportResponse } from '../../shared/api/mystery-shopper.ts';
import type { MarkInput } from '../../shared/mystery-shopper.ts';
import { criterionShares, officeScores } from '../../shared/mystery-shopper-score.ts';
import { moscowDay, type Period } from '../../shared/periods.ts';
import type { CentralSql } from '../sql/central-sql.ts';
import type { OfficeScope } from '../staff/staff-auth.ts';
import { criteriaOf, familyVersions } from './template-store.ts';
import { listVisits, type VisitListRow } from './visit-store.ts';

/**
 * The «справка о проведённом мероприятии» (order No. 308, 2.3) as data: the approved visits of one
 * template (every version of it) in a period, optionally one office, with each office's mean score
 * and each criterion's share met, weakest first. Criteria are matched across versions by id and
 * named as the newest version that has them says. No pseudonym: the справка is read by the office.
 */
export interface ReportQuery {
  period: Period;
  familyId: string;
  officeId: string | null;
  scope: OfficeScope;
  officeName: (id: string) => string;
  now: number;
  preparedBy: string;
}

/** The period's first and last Moscow day, as visits are filed. */
export const periodDays = (period: Period): { from: string; to: string } => ({ from: moscowDay(period.start), to: moscowDay(period.end - 1) });

export const marksOf = (row: Pick<VisitListRow, 'marks'>): MarkInput[] => JSON.parse(row.marks) as MarkInput[];

export const namedOfficeScores = (rows: readonly VisitListRow[], officeName: (id: string) => string): ApiOfficeScore[] =>
  officeScores(rows.map((r) => ({ officeId: r.office_id, score: r.score }))).map((s) => ({ ...s, officeName: officeName(s.officeId) }));

/** null: no such template. */
export async function buildReport(sql: CentralSql, q: ReportQuery): Promise<ReportResponse | null> {
  const versions = await familyVersions(sql, q.familyId);
  const newest = versions[versions.length - 1];
  if (!newest) return null;
  const days = periodDays(q.period);
  const filter = { ...days, officeId: q.officeId ?? undefined, familyId: q.familyId };
  const all = await listVisits(sql, filter, q.scope);
  const rows = all.filter((r) => r.approved_at !== null).reverse();

  // Every criterion of the family, the newest wording first; a criterion dropped later keeps its last wording.
  const criteria = new Map<string, Criterion>();
  for (const v of [...versions].reverse()) for (const c of criteriaOf(v)) if (!criteria.has(c.id)) criteria.set(c.id, c);
  const byVersion = new Map(versions.map((v) => [v.id, new Map(criteriaOf(v).map((c) => [c.id, c]))]));

  const shares = criterionShares([...criteria.keys()], rows.map((r) => ({ marks: marksOf(r) })));
  return {
    ok: true,
    period: q.period,
    template: { familyId: q.familyId, name: newest.name, goals: newest.goals, scenario: newest.scenario, versions: [...new Set(rows.map((r) => r.template_version))].sort((a, b) => a - b) },
    office: q.officeId ? { id: q.officeId, name: q.officeName(q.officeId) } : null,
    visits: rows.map((r) => {
      const own = byVersion.get(r.template_id) ?? new Map<string, Criterion>();
      return {
        id: r.id,
        visitedOn: r.visited_on,
        visitedTime: r.visited_time,
        officeName: q.officeName(r.office_id),
        templateVersion: r.template_version,
        score: r.score,
        scenario: r.scenario,
        notes: r.notes,
        conclusions: r.conclusions,
        proposals: r.proposals,
        shortfalls: marksOf(r)
          .filter((m) => m.mark === 'partly' || m.mark === 'missed')
          .map((m) => ({ text: own.get(m.criterionId)?.text ?? '', mark: m.mark, note: m.note })),
      };
    }),
    officeScores: namedOfficeScores(rows, q.officeName),
    criteria: shares.map((s) => {
      const c = criteria.get(s.criterionId)!;
      return { ...s, text: c.text, group: c.group, weight: c.weight };
    }),
    draftsLeftOut: all.length - rows.length,
    generatedAt: q.now,
    preparedBy: q.preparedBy,
  };
}
