import { createHash } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Attachment } from '../../shared/api/mystery-shopper.ts';
import { VISIT_ATTACHMENTS_MAX_BYTES, VISIT_ATTACHMENTS_MAX_COUNT, type AttachmentType } from '../../shared/mystery-shopper-words.ts';
import type { CentralSql } from '../sql/central-sql.ts';
import type { MsAttachmentTable, Tables } from '../sql/tables.ts';

/**
 * A visit's photos and documents, kept in the database (ms_attachment, the bytes in
 * ms_attachment_data: a BLOB on SQLite, bytea on PostgreSQL, a Buffer from both), so a backup of
 * the central's database holds them with their visit. Stored by the id the page made for the
 * upload: a resend of the same bytes is a duplicate, other bytes under the id a conflict. Nothing is
 * added to or removed from an approved visit (the triggers hold it too). On PostgreSQL an upload,
 * a deletion and the approval of one visit wait for each other on the visit's row.
 */
type AttachmentRow = Selectable<MsAttachmentTable>;

const view = (r: AttachmentRow): Attachment => ({ id: r.id, name: r.name, type: r.type, size: r.size, addedBy: r.added_by, addedAt: r.added_at });

const findIn = async (db: Kysely<Tables>, id: string): Promise<AttachmentRow | null> => (await db.selectFrom('ms_attachment').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;

/** The visit's approval, its row locked until the transaction ends on PostgreSQL; undefined: no such visit. */
const visitApproval = async (sql: CentralSql, db: Kysely<Tables>, visitId: string): Promise<{ approved_at: number | null } | undefined> =>
  db
    .selectFrom('ms_visit')
    .select('approved_at')
    .where('id', '=', visitId)
    .$if(sql.dialect === 'postgres', (qb) => qb.forUpdate())
    .executeTakeFirst();

export async function listAttachments(sql: CentralSql, visitId: string): Promise<Attachment[]> {
  const rows = await sql.db.selectFrom('ms_attachment').selectAll().where('visit_id', '=', visitId).orderBy('added_at').orderBy('id').execute();
  return rows.map(view);
}

export async function findAttachment(sql: CentralSql, id: string): Promise<(Attachment & { visitId: string }) | null> {
  const row = await findIn(sql.db, id);
  return row ? { ...view(row), visitId: row.visit_id } : null;
}

export async function attachmentBytes(sql: CentralSql, id: string): Promise<Buffer | null> {
  const row = await sql.db.selectFrom('ms_attachment_data').select('data').where('attachment_id', '=', id).executeTakeFirst();
  return row?.data ?? null;
}

export type AddOutcome =
  | { ok: true; status: 'stored' | 'duplicate'; file: Attachment }
  | { ok: false; error: 'conflict' | 'visit-full' | 'approved' | 'not-found'; reason: string };

const heldAnswer = (held: AttachmentRow, visitId: string, sha256: string): AddOutcome =>
  held.visit_id === visitId && held.sha256 === sha256 ? { ok: true, status: 'duplicate', file: view(held) } : { ok: false, error: 'conflict', reason: 'файл с этим номером уже приложен с другим содержимым' };

export async function addAttachment(sql: CentralSql, a: { id: string; visitId: string; name: string; type: AttachmentType; bytes: Buffer }, actor: string, now: number): Promise<AddOutcome> {
  const sha256 = createHash('sha256').update(a.bytes).digest('hex');
  return sql.transaction(async (trx): Promise<AddOutcome> => {
    const visit = await visitApproval(sql, trx, a.visitId);
    if (!visit) return { ok: false, error: 'not-found', reason: 'нет такого визита' };
    const held = await findIn(trx, a.id);
    if (held) return heldAnswer(held, a.visitId, sha256);
    if (visit.approved_at !== null) return { ok: false, error: 'approved', reason: 'отчёт о визите утверждён: файлы больше не прикладываются' };
    const totals = await trx
      .selectFrom('ms_attachment')
      .select((eb) => [eb.fn.countAll<number | string>().as('n'), eb.fn.coalesce(eb.fn.sum<number | string | null>('size'), eb.lit(0)).as('bytes')])
      .where('visit_id', '=', a.visitId)
      .executeTakeFirstOrThrow();
    // PostgreSQL's sum of a bigint is a numeric, read as text.
    const count = Number(totals.n);
    const bytes = Number(totals.bytes);
    if (count >= VISIT_ATTACHMENTS_MAX_COUNT) return { ok: false, error: 'visit-full', reason: `к визиту приложено уже ${count} файлов: больше не принимается` };
    if (bytes + a.bytes.length > VISIT_ATTACHMENTS_MAX_BYTES) {
      const left = Math.max(0, VISIT_ATTACHMENTS_MAX_BYTES - bytes);
      return { ok: false, error: 'visit-full', reason: `все файлы визита вместе — не больше 20 МБ; осталось ${(left / 1048576).toFixed(1).replace('.', ',')} МБ` };
    }
    const stored = await trx
      .insertInto('ms_attachment')
      .values({ id: a.id, visit_id: a.visitId, name: a.name, type: a.type, size: a.bytes.length, sha256, added_by: actor, added_at: now })
      .onConflict((oc) => oc.column('id').doNothing())
      .returningAll()
      .executeTakeFirst();
    // Stored under another visit by another request meanwhile (PostgreSQL).
    if (!stored) return heldAnswer((await findIn(trx, a.id))!, a.visitId, sha256);
    await trx.insertInto('ms_attachment_data').values({ attachment_id: a.id, data: a.bytes }).execute();
    return { ok: true, status: 'stored', file: view(stored) };
  });
}

export type DeleteOutcome = { ok: true } | { ok: false; error: 'not-found' | 'approved'; reason: string };

export async function deleteAttachment(sql: CentralSql, id: string): Promise<DeleteOutcome> {
  return sql.transaction(async (trx): Promise<DeleteOutcome> => {
    const file = await findIn(trx, id);
    if (!file) return { ok: false, error: 'not-found', reason: 'нет такого файла' };
    const visit = await visitApproval(sql, trx, file.visit_id);
    if (visit?.approved_at != null) return { ok: false, error: 'approved', reason: 'отчёт о визите утверждён: файлы не удаляются' };
    // The bytes go with it (ON DELETE CASCADE).
    await trx.deleteFrom('ms_attachment').where('id', '=', id).execute();
    return { ok: true };
  });
}
