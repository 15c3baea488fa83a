import { afterEach, describe, expect, it } from 'vitest';
import { newRecordId } from '../../shared/ids.ts';
import { attachmentSavedResponseSchema, visitResponseSchema, type MysteryRefusal } from '../../shared/api/mystery-shopper.ts';
import { ATTACHMENT_MAX_BYTES } from '../../shared/mystery-shopper-words.ts';
import { staffSession, type StaffSession } from '../../test/support/staff-session.ts';
import { json, makeTemplate, recordVisit, send, startCentral, visitContent } from '../../test/support/mystery-shopper.ts';

/**
 * A visit's files through a real central: uploaded one a request as the raw body, typed by their
 * bytes, within 5 MiB a file and 20 MiB a visit, downloaded under their own name and never sniffed,
 * deleted until the visit is approved; an office head opens none.
 */
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('IHDR-и-прочее')]);
const pdfOf = (size: number) => Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(size - 9, 0x20)]);
const upload = (s: StaffSession, visitId: string, name: string, bytes: Buffer, fileId = newRecordId()) =>
  s.fetch(`/api/mystery-shopper/visits/${visitId}/files/${fileId}?name=${encodeURIComponent(name)}`, { method: 'PUT', body: new Uint8Array(bytes), headers: { 'content-type': 'application/octet-stream' } });

describe('a visit’s files over HTTP', () => {
  it('upload, refuse a wrong type or too large, download safely, delete until approved', async () => {
    const central = await startCentral(closers);
    const cx = await staffSession(central, 'cx', [{ role: 'cx' }]);
    const template = await makeTemplate(cx);
    const visit = await recordVisit(cx, visitContent(template, 'sharya', ['met', 'partly', 'missed']));

    // A stranger's upload is refused before its body is read.
    const anonymous = await fetch(`${central.url}/api/mystery-shopper/visits/${visit.id}/files/${newRecordId()}?name=x.png`, { method: 'PUT', body: new Uint8Array(PNG), headers: { 'content-type': 'application/octet-stream' } });
    expect(anonymous.status).toBe(401);

    const fileId = newRecordId();
    const stored = await upload(cx, visit.id, 'Очередь у окна 3.png', PNG, fileId);
    expect(stored.status).toBe(201);
    expect(attachmentSavedResponseSchema.parse(await stored.json()).file).toMatchObject({ id: fileId, name: 'Очередь у окна 3.png', type: 'image/png', size: PNG.length, addedBy: 'cx' });
    // A resend is harmless; other bytes under the id are not.
    expect((await upload(cx, visit.id, 'Очередь у окна 3.png', PNG, fileId)).status).toBe(200);
    expect((await upload(cx, visit.id, 'x.pdf', pdfOf(100), fileId)).status).toBe(409);

    // By the bytes, not the name: a text called .jpg, a GIF, a PDF called .png.
    for (const [name, bytes] of [
      ['фото.jpg', Buffer.from('просто текст')],
      ['анимация.gif', Buffer.from('GIF89a....')],
      ['скан.png', pdfOf(100)],
    ] as const) {
      const res = await upload(cx, visit.id, name, bytes);
      const body = await json<MysteryRefusal>(res);
      expect([name, res.status, body.error, Boolean(body.fields.file)]).toEqual([name, 415, 'bad-file', true]);
    }
    // Over 5 MiB: refused by the body limit before it is read whole.
    const big = await upload(cx, visit.id, 'большой.pdf', pdfOf(ATTACHMENT_MAX_BYTES + 1));
    expect([big.status, (await json<{ error: string }>(big)).error]).toEqual([413, 'too-large']);

    // 20 MiB a visit: three more of 5 MiB fit beside the PNG only up to the total.
    for (let i = 0; i < 3; i++) expect((await upload(cx, visit.id, `акт-${i}.pdf`, pdfOf(ATTACHMENT_MAX_BYTES))).status).toBe(201);
    const full = await upload(cx, visit.id, 'ещё.pdf', pdfOf(ATTACHMENT_MAX_BYTES));
    const fullBody = await json<MysteryRefusal>(full);
    expect([full.status, fullBody.error]).toEqual([413, 'visit-full']);
    expect(fullBody.reason).toMatch(/не больше 20 МБ; осталось 5,0 МБ/);

    const down = await cx.fetch(`/api/mystery-shopper/files/${fileId}`);
    expect(down.status).toBe(200);
    expect(down.headers.get('content-type')).toBe('image/png');
    expect(down.headers.get('x-content-type-options')).toBe('nosniff');
    expect(down.headers.get('content-disposition')).toBe(`attachment; filename="??????? ? ???? 3.png"; filename*=UTF-8''${encodeURIComponent('Очередь у окна 3.png')}`);
    expect(Buffer.from(await down.arrayBuffer()).equals(PNG)).toBe(true);

    const page = visitResponseSchema.parse(await (await cx.fetch(`/api/mystery-shopper/visits/${visit.id}`)).json());
    expect(page.visit.files!.map((f) => f.name)).toEqual(['Очередь у окна 3.png', 'акт-0.pdf', 'акт-1.pdf', 'акт-2.pdf']);
    expect(page.visit.attachments).toBe(4);

    // An office head of the office visited lists no files and opens none; the director does.
    const head = await staffSession(central, 'head', [{ role: 'office-head', officeId: 'sharya' }]);
    expect((await json<{ visit: { files: unknown } }>(await head.fetch(`/api/mystery-shopper/visits/${visit.id}`))).visit.files).toBeNull();
    expect((await head.fetch(`/api/mystery-shopper/files/${fileId}`)).status).toBe(403);
    const director = await staffSession(central, 'director', [{ role: 'director' }]);
    expect((await director.fetch(`/api/mystery-shopper/files/${fileId}`)).status).toBe(200);
    expect((await director.fetch(`/api/mystery-shopper/files/${fileId}`, { method: 'DELETE' })).status).toBe(403);

    const second = page.visit.files![1]!.id;
    expect((await cx.fetch(`/api/mystery-shopper/files/${second}`, { method: 'DELETE' })).status).toBe(200);
    expect((await cx.fetch(`/api/mystery-shopper/files/${second}`)).status).toBe(404);
    expect(central.ctx.db.prepare('SELECT count(*) FROM ms_attachment_data').pluck().get()).toBe(3);

    await send(cx, 'POST', `/api/mystery-shopper/visits/${visit.id}/approve`, {});
    expect((await cx.fetch(`/api/mystery-shopper/files/${fileId}`, { method: 'DELETE' })).status).toBe(409);
    expect((await upload(cx, visit.id, 'поздно.png', PNG)).status).toBe(409);
    expect((await cx.fetch(`/api/mystery-shopper/files/${fileId}`)).status).toBe(200);

    // Uploads and deletions are in the audit log; downloads are not (docs/mystery-shopper.md says why).
    const actions = central.ctx.db.prepare("SELECT target FROM audit_log WHERE action = 'mystery-shopper.change' AND target LIKE '%/files/%'").pluck().all() as string[];
    expect(actions).toHaveLength(2 + 3 + 1);
  });
});
