import type { Visit } from '../../shared/api/mystery-shopper.ts';
import type { CentralSql } from '../sql/central-sql.ts';
import { listAttachments } from './attachment-store.ts';
import { marksOf } from './report.ts';
import { findTemplate, templateView } from './template-store.ts';
import { visitRowView, type VisitListRow } from './visit-store.ts';

/**
 * A visit as its page shows it. `insider` (the CX sector, the admin, the director) sees the shopper's
 * pseudonym, who typed and approved the visit, and its files; an office head sees none of them.
 */
export async function visitView(sql: CentralSql, row: VisitListRow, officeName: (id: string) => string, insider: boolean): Promise<Visit> {
  const template = await templateView(sql, (await findTemplate(sql, row.template_id))!);
  const files = insider ? await listAttachments(sql, row.id) : null;
  return {
    ...visitRowView(row, officeName),
    scenario: row.scenario,
    shopper: insider ? row.shopper : null,
    marks: marksOf(row),
    notes: row.notes,
    conclusions: row.conclusions,
    proposals: row.proposals,
    template,
    revision: row.revision,
    createdBy: insider ? row.created_by : null,
    approvedBy: insider ? row.approved_by : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    approvedAt: row.approved_at,
    registerEntryId: row.register_entry_id,
    files,
  };
}
