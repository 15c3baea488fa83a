import type { Visit } from '../../shared/api/mystery-shopper.ts';
import type { Db } from '../db/open.ts';
import { listAttachments } from './attachment-store.ts';
import { marksOf } from './report.ts';
import { findTemplate, templateView } from './template-store.ts';
import { visitRowView, type VisitListRow } from './visit-store.ts';

/**
 * A visit as its page shows it. `insider` (the CX sector, the admin, the director) sees the shopper's
 * pseudonym, who typed and approved the visit, and its files; an office head sees none of them.
 */
export function visitView(db: Db, row: VisitListRow, officeName: (id: string) => string, insider: boolean): Visit {
  return {
    ...visitRowView(row, officeName),
    scenario: row.scenario,
    shopper: insider ? row.shopper : null,
    marks: marksOf(row),
    notes: row.notes,
    conclusions: row.conclusions,
    proposals: row.proposals,
    template: templateView(db, findTemplate(db, row.template_id)!),
    revision: row.revision,
    createdBy: insider ? row.created_by : null,
    approvedBy: insider ? row.approved_by : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    approvedAt: row.approved_at,
    registerEntryId: row.register_entry_id,
    files: insider ? listAttachments(db, row.id) : null,
  };
}
