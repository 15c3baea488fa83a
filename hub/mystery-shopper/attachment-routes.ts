import type { Router } from 'express';
import type { AttachmentSavedResponse } from '../../shared/api/mystery-shopper.ts';
import type { HubContext } from '../context.ts';
import { MYSTERY_FILE_BODY_LIMIT } from '../http/body-limits.ts';
import { auditOnSuccess } from '../staff/audit-middleware.ts';
import { EDIT, FILES_READ, ID, refuse, userOf, write } from './access.ts';
import { addAttachment, attachmentBytes, deleteAttachment, findAttachment } from './attachment-store.ts';
import { checkFile } from './file-kind.ts';

/**
 * A visit's photos and documents. Uploaded one file a request, as the raw body (read only after the
 * session check, within MYSTERY_FILE_BODY_LIMIT: 5 MiB, larger answered 413), its name in `?name=`
 * and its id made by the page, so a resend is harmless. Its type is what its bytes are. Added and
 * deleted files are audited; downloads are not: only the CX sector, the admin and the director may
 * open them (those who collected them and the one they report to), the files hold the premises and
 * papers of an office rather than personal data the system keeps, and the audit log would gain a
 * line per look without protecting anyone further.
 */
export function attachmentRoutes(ctx: HubContext, router: Router): void {
  const audited = auditOnSuccess(ctx, 'mystery-shopper.change');

  ctx.routes.add(
    router,
    { method: 'put', path: '/api/mystery-shopper/visits/:id/files/:fileId', access: EDIT, body: { kind: 'bytes', limitBytes: MYSTERY_FILE_BODY_LIMIT }, summary: 'тайный клиент: приложить к визиту фото или документ (JPEG, PNG, PDF до 5 МБ, всего до 20 МБ; тело — сам файл, имя в ?name=)' },
    audited,
    async (req, res) => {
      const visitId = String(req.params.id);
      const fileId = String(req.params.fileId);
      if (!ID.test(visitId)) return refuse(ctx, res, 404, 'not-found', 'нет такого визита');
      if (!ID.test(fileId)) return refuse(ctx, res, 400, 'invalid', 'номер файла: UUIDv7', { file: 'номер файла: UUIDv7' });
      const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const checked = checkFile(typeof req.query.name === 'string' ? req.query.name : '', bytes);
      if (!checked.ok) return refuse(ctx, res, checked.reason === 'файл пуст' ? 400 : 415, 'bad-file', checked.reason, { file: checked.reason });
      const outcome = await write(ctx, res, () => addAttachment(ctx.sql, { id: fileId, visitId, name: checked.name, type: checked.type, bytes }, userOf(req).login, ctx.clock()));
      if (!outcome) return;
      if (!outcome.ok) {
        const status = outcome.error === 'not-found' ? 404 : outcome.error === 'visit-full' ? 413 : 409;
        return refuse(ctx, res, status, outcome.error, outcome.reason, { file: outcome.reason });
      }
      const body: AttachmentSavedResponse = { ok: true, status: outcome.status, file: outcome.file };
      res.status(outcome.status === 'stored' ? 201 : 200).json(body);
    },
  );

  ctx.routes.add(router, { method: 'get', path: '/api/mystery-shopper/files/:fileId', access: FILES_READ, summary: 'тайный клиент: скачать файл визита (сектор КО, администратор, директор)' }, async (req, res) => {
    const id = String(req.params.fileId);
    const file = ID.test(id) ? await findAttachment(ctx.sql, id) : null;
    const bytes = file && (await attachmentBytes(ctx.sql, file.id));
    if (!file || !bytes) return refuse(ctx, res, 404, 'not-found', 'нет такого файла');
    // Always a download under its own name (RFC 6266/5987 via express), never shown in the hub's page, never sniffed.
    res.attachment(file.name);
    res.set({ 'content-type': file.type, 'x-content-type-options': 'nosniff', 'cache-control': 'private, no-store', 'content-security-policy': "default-src 'none'; sandbox" });
    res.send(bytes);
  });

  ctx.routes.add(router, { method: 'delete', path: '/api/mystery-shopper/files/:fileId', access: EDIT, summary: 'тайный клиент: удалить файл визита, пока отчёт не утверждён' }, audited, async (req, res) => {
    const id = String(req.params.fileId);
    const outcome = ID.test(id) ? await write(ctx, res, () => deleteAttachment(ctx.sql, id)) : ({ ok: false, error: 'not-found', reason: 'нет такого файла' } as const);
    if (!outcome) return;
    if (!outcome.ok) return refuse(ctx, res, outcome.error === 'not-found' ? 404 : 409, outcome.error, outcome.reason);
    res.json({ ok: true });
  });
}
