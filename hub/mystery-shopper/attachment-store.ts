import { createHash } from 'node:crypto';
import type { Attachment } from '../../shared/api/mystery-shopper.ts';
import { VISIT_ATTACHMENTS_MAX_BYTES, VISIT_ATTACHMENTS_MAX_COUNT, type AttachmentType } from '../../shared/mystery-shopper-words.ts';
import type { Db } from '../db/open.ts';

/**
 * A visit's photos and documents, kept in the database (ms_attachment, the bytes in
 * ms_attachment_data), so a backup of the central's file holds them with their visit. Stored by the
 * id the page made for the upload: a resend of the same bytes is a duplicate, other bytes under the
 * id a conflict. Nothing is added to or removed from an approved visit (the triggers hold it too).
 */
interface AttachmentRow {
  id: string;
  visit_id: string;
  name: string;
  type: AttachmentType;
  size: number;
  sha256: string;
  added_by: string;
  added_at: number;
}

const view = (r: AttachmentRow): Attachment => ({ id: r.id, name: r.name, type: r.type, size: r.size, addedBy: r.added_by, addedAt: r.added_at });

export const listAttachments = (db: Db, visitId: string): Attachment[] =>
  (db.prepare('SELECT id, visit_id, name, type, size, sha256, added_by, added_at FROM ms_attachment WHERE visit_id = ? ORDER BY added_at, id').all(visitId) as AttachmentRow[]).map(view);

export function findAttachment(db: Db, id: string): (Attachment & { visitId: string }) | null {
  const row = db.prepare('SELECT id, visit_id, name, type, size, sha256, added_by, added_at FROM ms_attachment WHERE id = ?').get(id) as AttachmentRow | undefined;
  return row ? { ...view(row), visitId: row.visit_id } : null;
}

export const attachmentBytes = (db: Db, id: string): Buffer | null => (db.prepare('SELECT data FROM ms_attachment_data WHERE attachment_id = ?').pluck().get(id) as Buffer | undefined) ?? null;

export type AddOutcome =
  | { ok: true; status: 'stored' | 'duplicate'; file: Attachment }
  | { ok: false; error: 'conflict' | 'visit-full' | 'approved' | 'not-found'; reason: string };

export function addAttachment(db: Db, a: { id: string; visitId: string; name: string; type: AttachmentType; bytes: Buffer }, actor: string, now: number): AddOutcome {
  const sha256 = createHash('sha256').update(a.bytes).digest('hex');
  return db.transaction((): AddOutcome => {
    const visit = db.prepare('SELECT approved_at FROM ms_visit WHERE id = ?').get(a.visitId) as { approved_at: number | null } | undefined;
    if (!visit) return { ok: false, error: 'not-found', reason: 'нет такого визита' };
    const held = db.prepare('SELECT id, visit_id, name, type, size, sha256, added_by, added_at FROM ms_attachment WHERE id = ?').get(a.id) as AttachmentRow | undefined;
    if (held) return held.visit_id === a.visitId && held.sha256 === sha256 ? { ok: true, status: 'duplicate', file: view(held) } : { ok: false, error: 'conflict', reason: 'файл с этим номером уже приложен с другим содержимым' };
    if (visit.approved_at !== null) return { ok: false, error: 'approved', reason: 'отчёт о визите утверждён: файлы больше не прикладываются' };
    const totals = db.prepare('SELECT count(*) AS n, coalesce(sum(size), 0) AS bytes FROM ms_attachment WHERE visit_id = ?').get(a.visitId) as { n: number; bytes: number };
    if (totals.n >= VISIT_ATTACHMENTS_MAX_COUNT) return { ok: false, error: 'visit-full', reason: `к визиту приложено уже ${totals.n} файлов: больше не принимается` };
    if (totals.bytes + a.bytes.length > VISIT_ATTACHMENTS_MAX_BYTES) {
      const left = Math.max(0, VISIT_ATTACHMENTS_MAX_BYTES - totals.bytes);
      return { ok: false, error: 'visit-full', reason: `все файлы визита вместе — не больше 20 МБ; осталось ${(left / 1048576).toFixed(1).replace('.', ',')} МБ` };
    }
    db.prepare('INSERT INTO ms_attachment (id, visit_id, name, type, size, sha256, added_by, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(a.id, a.visitId, a.name, a.type, a.bytes.length, sha256, actor, now);
    db.prepare('INSERT INTO ms_attachment_data (attachment_id, data) VALUES (?, ?)').run(a.id, a.bytes);
    return { ok: true, status: 'stored', file: findAttachment(db, a.id)! };
  })();
}

export type DeleteOutcome = { ok: true } | { ok: false; error: 'not-found' | 'approved'; reason: string };

export function deleteAttachment(db: Db, id: string): DeleteOutcome {
  return db.transaction((): DeleteOutcome => {
    const file = findAttachment(db, id);
    if (!file) return { ok: false, error: 'not-found', reason: 'нет такого файла' };
    const approved = db.prepare('SELECT approved_at FROM ms_visit WHERE id = ?').pluck().get(file.visitId) as number | null;
    if (approved !== null) return { ok: false, error: 'approved', reason: 'отчёт о визите утверждён: файлы не удаляются' };
    db.prepare('DELETE FROM ms_attachment WHERE id = ?').run(id);
    return { ok: true };
  })();
}
