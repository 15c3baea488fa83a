import { afterEach, describe, expect, it } from 'vitest';
import { newRecordId } from '../../shared/ids.ts';
import {
  reportResponseSchema,
  templateSavedResponseSchema,
  visitListResponseSchema,
  visitResponseSchema,
  type MysteryRefusal,
  type Template,
  type VisitSavedResponse,
} from '../../shared/api/mystery-shopper.ts';
import type { RegisterEntryResponse } from '../../shared/api/register.ts';
import { staffSession } from '../../test/support/staff-session.ts';
import { daysAgo, json, makeTemplate, recordVisit, send, startCentral, TEMPLATE, visitContent } from '../../test/support/mystery-shopper.ts';
import { moscowDay } from '../../shared/periods.ts';

/**
 * The mystery shopper through a real central over HTTP on a real SQLite file: templates frozen
 * once used (an edit then saves a new version), visits stored once by the id born in the form,
 * their score, the register entry each opens, approval, the справка, and who sees what: the office
 * head his office's visits without the pseudonym, АХО nothing.
 */
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

const auditCount = (db: { prepare(sql: string): { pluck(): { get(): unknown } } }) => db.prepare("SELECT count(*) FROM audit_log WHERE action = 'mystery-shopper.change'").pluck().get() as number;

describe('the mystery shopper over HTTP', () => {
  it('a template is stored once by its id; a used one edited becomes version 2 and the visit keeps version 1', async () => {
    const central = await startCentral(closers);
    const cx = await staffSession(central, 'cx', [{ role: 'cx' }]);
    const id = newRecordId();
    const first = await send(cx, 'POST', '/api/mystery-shopper/templates', { id, content: TEMPLATE });
    expect(first.status).toBe(201);
    expect(templateSavedResponseSchema.parse(await first.json())).toMatchObject({ id, familyId: id, version: 1, status: 'stored' });
    expect((await send(cx, 'POST', '/api/mystery-shopper/templates', { id, content: TEMPLATE })).status).toBe(200);
    const other = await send(cx, 'POST', '/api/mystery-shopper/templates', { id, content: { ...TEMPLATE, name: 'Другое' } });
    expect(other.status).toBe(409);

    const bad = await json<MysteryRefusal>(await send(cx, 'POST', '/api/mystery-shopper/templates', { id: newRecordId(), content: { ...TEMPLATE, name: '', criteria: [{ text: 'Вежлив', weight: 12 }] } }));
    expect(bad.fields).toEqual({ name: 'название анкеты: не заполнено', 'criteria.0.weight': 'вес: от 1 до 10' });

    const v1 = (await json<{ template: Template }>(await cx.fetch(`/api/mystery-shopper/templates/${id}`))).template;
    // Unused: edited in place, criteria keep their ids.
    const edited = { ...TEMPLATE, criteria: v1.criteria.map((c) => ({ ...c })) };
    edited.criteria[0]!.weight = 1;
    expect(await json(await send(cx, 'PUT', `/api/mystery-shopper/templates/${id}`, edited))).toMatchObject({ id, version: 1, status: 'updated' });

    const visit = await recordVisit(cx, visitContent(v1, 'sharya', ['met', 'met', 'met']));
    // Used: the same edit again is a new version, and the first is frozen.
    const changed = { ...edited, criteria: [...edited.criteria.slice(0, 2), { text: 'Предложил памятку', group: 'Консультация', weight: 3 }] };
    const copy = await send(cx, 'PUT', `/api/mystery-shopper/templates/${id}`, changed);
    expect(copy.status).toBe(201);
    const v2 = templateSavedResponseSchema.parse(await copy.json());
    expect(v2).toMatchObject({ familyId: id, version: 2, status: 'copied' });
    expect(v2.id).not.toBe(id);
    // A resend of that edit answers with version 2; another edit of version 1 is refused.
    expect(await json(await send(cx, 'PUT', `/api/mystery-shopper/templates/${id}`, changed))).toMatchObject({ id: v2.id, status: 'unchanged' });
    expect((await send(cx, 'PUT', `/api/mystery-shopper/templates/${id}`, { ...changed, name: 'Третье' })).status).toBe(409);
    const version2 = (await json<{ template: Template }>(await cx.fetch(`/api/mystery-shopper/templates/${v2.id}`))).template;
    expect(version2.criteria.slice(0, 2).map((c) => c.id)).toEqual(v1.criteria.slice(0, 2).map((c) => c.id));
    expect(version2.criteria[2]!.id).not.toBe(v1.criteria[2]!.id);
    expect(central.ctx.db.prepare('SELECT criteria FROM ms_template WHERE id = ?').pluck().get(id)).toBe(JSON.stringify(edited.criteria));

    const seen = visitResponseSchema.parse(await (await cx.fetch(`/api/mystery-shopper/visits/${visit.id}`)).json());
    expect(seen.visit.template).toMatchObject({ id, version: 1, newestId: v2.id, visits: 1 });
    // A new visit goes on the newest version.
    const old = await json<MysteryRefusal>(await send(cx, 'POST', '/api/mystery-shopper/visits', { id: newRecordId(), content: visitContent(v1, 'sharya', []) }));
    expect(old.fields.templateId).toBe('у анкеты «Консультация по пособию» уже есть версия 2: визит записывается по ней');
    await recordVisit(cx, visitContent(version2, 'sharya', []));
    // The first visit sent again, after its version was superseded: still a harmless resend.
    const again = visitContent(v1, 'sharya', ['met', 'met', 'met']);
    expect(await json(await send(cx, 'POST', '/api/mystery-shopper/visits', { id: visit.id, content: again }))).toMatchObject({ status: 'duplicate' });
    const list = await json<{ templates: Template[] }>(await cx.fetch('/api/mystery-shopper/templates'));
    expect(list.templates.map((t) => [t.id, t.version, t.visits])).toEqual([[v2.id, 2, 1]]);
    expect(auditCount(central.ctx.db)).toBe(8);
  });

  it('a visit: its score, stored once by its id, refused in the future, its register entry, edits until approved', async () => {
    const central = await startCentral(closers);
    const cx = await staffSession(central, 'cx', [{ role: 'cx' }]);
    const template = await makeTemplate(cx);
    const id = newRecordId();
    // 2·1 + 5·0.5 + 3·0 = 4.5 of 10
    const content = visitContent(template, 'sharya', ['met', 'partly', 'missed']);
    const saved = await recordVisit(cx, content, id);
    expect(saved).toMatchObject({ id, status: 'stored', score: 45, revision: 1 });
    expect(await json(await send(cx, 'POST', '/api/mystery-shopper/visits', { id, content }))).toMatchObject({ status: 'duplicate', registerEntryId: saved.registerEntryId });
    const conflict = await send(cx, 'POST', '/api/mystery-shopper/visits', { id, content: { ...content, notes: 'другое' } });
    expect(conflict.status).toBe(409);

    const future = await json<MysteryRefusal>(await send(cx, 'POST', '/api/mystery-shopper/visits', { id: newRecordId(), content: { ...content, visitedOn: moscowDay(Date.now() + 2 * 86_400_000), marks: content.marks.slice(1) } }));
    expect(future.fields).toMatchObject({ visitedOn: expect.stringMatching(/^дата визита \d\d\.\d\d\.\d{4} ещё не наступила/) as string, marks: 'отметьте каждый критерий: не отмечено 1' });
    const noOffice = await json<MysteryRefusal>(await send(cx, 'POST', '/api/mystery-shopper/visits', { id: newRecordId(), content: { ...content, officeId: 'atlantis' } }));
    expect(noOffice.fields).toEqual({ officeId: 'нет отдела «atlantis» в справочнике' });
    expect(central.ctx.db.prepare('SELECT count(*) FROM ms_visit').pluck().get()).toBe(1);

    // The register: one entry of the channel, negative under 80 %, no pseudonym.
    const entry = await json<RegisterEntryResponse>(await cx.fetch(`/api/register/${saved.registerEntryId}`));
    expect(entry.entry).toMatchObject({ channel: 'mystery-shopper', officeId: 'sharya', tone: 'negative', receivedOn: content.visitedOn, details: { channel: 'mystery-shopper', visitId: id } });
    expect(entry.entry.summary).toContain('Оценка 45,0 %');
    expect(entry.entry.summary).toContain(content.conclusions);
    expect(JSON.stringify(entry)).not.toContain('Клиент-7');
    expect(entry.nextSteps).toContain('measures');
    const list = await json<{ rows: { channel: string }[] }>(await cx.fetch('/api/register?channel=mystery-shopper'));
    expect(list.rows).toHaveLength(1);
    // The monthly report per channel counts it; the export lists it without the pseudonym.
    const month = await json<{ channels: { channel: string; month: { total: number } }[] }>(await cx.fetch(`/api/register-report/${content.visitedOn.slice(0, 7)}`));
    expect(month.channels.find((c) => c.channel === 'mystery-shopper')?.month.total).toBe(1);
    const csv = await (await cx.fetch('/api/register.csv?channel=mystery-shopper')).text();
    expect(csv).toContain('Тайный клиент');
    expect(csv).toContain(`/mystery-shopper/visits/${id}`);
    expect(csv).not.toContain('Клиент-7');
    // Not by the register's own form.
    const byForm = await send(cx, 'POST', '/api/register', { officeId: 'sharya', receivedOn: daysAgo(1), details: { channel: 'mystery-shopper', visitId: id }, summary: 'x', tone: 'neutral', topics: [], author: null, answerOwed: false });
    expect(byForm.status).toBe(403);

    // An edit on the revision it was opened on; the score crosses 80 % and the entry's tone follows.
    const better = { ...content, marks: content.marks.map((m) => ({ ...m, mark: 'met', note: '' })) };
    expect(await json<VisitSavedResponse>(await send(cx, 'PUT', `/api/mystery-shopper/visits/${id}`, { revision: 1, content: better }))).toMatchObject({ status: 'updated', score: 100, revision: 2 });
    expect((await send(cx, 'PUT', `/api/mystery-shopper/visits/${id}`, { revision: 1, content: { ...better, notes: 'ещё' } })).status).toBe(409);
    expect(await json(await send(cx, 'PUT', `/api/mystery-shopper/visits/${id}`, { revision: 1, content: better }))).toMatchObject({ status: 'unchanged' });
    const moved = await json<MysteryRefusal>(await send(cx, 'PUT', `/api/mystery-shopper/visits/${id}`, { revision: 2, content: { ...better, officeId: 'buy' } }));
    expect(moved.fields.officeId).toContain('не меняется');
    expect((await json<RegisterEntryResponse>(await cx.fetch(`/api/register/${saved.registerEntryId}`))).entry.tone).toBe('positive');

    expect(await json(await send(cx, 'POST', `/api/mystery-shopper/visits/${id}/approve`, {}))).toMatchObject({ status: 'approved' });
    expect((await send(cx, 'POST', `/api/mystery-shopper/visits/${id}/approve`, {})).status).toBe(200);
    const frozen = await send(cx, 'PUT', `/api/mystery-shopper/visits/${id}`, { revision: 2, content: { ...better, notes: 'после' } });
    expect([frozen.status, (await json<MysteryRefusal>(frozen)).error]).toEqual([409, 'approved']);
    const page = visitResponseSchema.parse(await (await cx.fetch(`/api/mystery-shopper/visits/${id}`)).json());
    expect(page).toMatchObject({ mayEdit: false, visit: { state: 'approved', approvedBy: 'cx', shopper: 'Клиент-7 (Ольга)', score: 100 } });
  });

  it('the office head reads his office’s visits and справка, never the pseudonym; the director reads all; АХО nothing', async () => {
    const central = await startCentral(closers);
    const cx = await staffSession(central, 'cx', [{ role: 'cx' }]);
    const template = await makeTemplate(cx);
    const ids: Record<string, string> = {};
    for (const [office, marks] of [
      ['sharya', ['met', 'partly', 'missed']],
      ['sharya', ['met', 'met', 'partly']],
      ['buy', ['met', 'met', 'met']],
    ] as const) {
      const v = await recordVisit(cx, visitContent(template, office, [...marks]));
      ids[office] ??= v.id;
      await send(cx, 'POST', `/api/mystery-shopper/visits/${v.id}/approve`, {});
    }
    const draft = await recordVisit(cx, visitContent(template, 'sharya', ['missed', 'missed', 'missed']));

    const head = await staffSession(central, 'head-sharya', [{ role: 'office-head', officeId: 'sharya' }]);
    const list = visitListResponseSchema.parse(await (await head.fetch('/api/mystery-shopper/visits')).json());
    expect(list.rows.map((r) => r.officeId)).toEqual(['sharya', 'sharya', 'sharya']);
    expect(list.mayEdit).toBe(false);
    // 45 % and 85 %: 65 ± t(1)·28.28/√2; the draft counts in no score.
    expect(list.officeScores).toHaveLength(1);
    expect(list.officeScores[0]).toMatchObject({ officeId: 'sharya', n: 2, mean: 65, interval: { low: 0, high: 100 } });
    const visit = visitResponseSchema.parse(await (await head.fetch(`/api/mystery-shopper/visits/${ids.sharya}`)).json());
    expect(visit.visit).toMatchObject({ shopper: null, createdBy: null, approvedBy: null, files: null });
    expect((await head.fetch(`/api/mystery-shopper/visits/${ids.buy}`)).status).toBe(404);
    expect((await send(head, 'PUT', `/api/mystery-shopper/visits/${draft.id}`, { revision: 1, content: visitContent(template, 'sharya', []) })).status).toBe(403);

    const report = await (await head.fetch(`/api/mystery-shopper/report?template=${template.familyId}`)).text();
    const parsed = reportResponseSchema.parse(JSON.parse(report));
    expect(parsed.office).toEqual({ id: 'sharya', name: 'Шарьинское отделение' });
    expect(parsed.visits.map((v) => v.score)).toEqual([45, 85]);
    expect(parsed.draftsLeftOut).toBe(1);
    expect(report).not.toContain('Клиент-7');
    // Weakest first: «Работа России» 0.25 (missed, partly), documents 0.75, greeting 1.
    expect(parsed.criteria.map((c) => [c.text, c.share])).toEqual([
      ['Предложил записаться через «Работу России»', 0.25],
      ['Назвал все документы', 0.75],
      ['Поздоровался и представился', 1],
    ]);
    expect(parsed.visits[0]!.shortfalls).toEqual([
      { text: 'Назвал все документы', mark: 'partly', note: '' },
      { text: 'Предложил записаться через «Работу России»', mark: 'missed', note: 'не сделано' },
    ]);
    expect((await head.fetch(`/api/mystery-shopper/report?template=${template.familyId}&office=buy`)).status).toBe(400);

    const director = await staffSession(central, 'director', [{ role: 'director' }]);
    const all = visitListResponseSchema.parse(await (await director.fetch('/api/mystery-shopper/visits')).json());
    expect(all.rows).toHaveLength(4);
    expect(all.officeScores.map((s) => [s.officeId, s.mean])).toEqual([
      ['sharya', 65],
      ['buy', 100],
    ]);
    expect((await json<{ visit: { shopper: string } }>(await director.fetch(`/api/mystery-shopper/visits/${ids.buy}`))).visit.shopper).toBe('Клиент-7 (Ольга)');
    const regional = reportResponseSchema.parse(await (await director.fetch(`/api/mystery-shopper/report?template=${template.familyId}`)).json());
    expect([regional.office, regional.visits.length, regional.officeScores.length]).toEqual([null, 3, 2]);
    expect((await send(director, 'POST', '/api/mystery-shopper/visits', { id: newRecordId(), content: visitContent(template, 'buy', []) })).status).toBe(403);

    const aho = await staffSession(central, 'aho', [{ role: 'aho' }]);
    for (const path of ['/api/mystery-shopper/visits', '/api/mystery-shopper/templates', `/api/mystery-shopper/visits/${ids.buy}`, `/api/mystery-shopper/report?template=${template.familyId}`]) expect((await aho.fetch(path)).status).toBe(403);
    expect((await aho.fetch('/mystery-shopper', { headers: { accept: 'text/html' } })).status).toBe(403);

    // The office's own staff and the information sector read the register, but not its mystery-shopper
    // entries: their day and findings could tell the office who the shopper was. The office head does.
    const entryId = (await json<{ rows: { id: string }[] }>(await head.fetch('/api/register?channel=mystery-shopper'))).rows[0]!.id;
    const month = visitContent(template, 'sharya', []).visitedOn.slice(0, 7);
    for (const reader of [await staffSession(central, 'clerk-sharya', [{ role: 'staff', officeId: 'sharya' }]), await staffSession(central, 'info', [{ role: 'info' }])]) {
      expect((await json<{ total: number }>(await reader.fetch('/api/register?channel=mystery-shopper'))).total).toBe(0);
      expect((await reader.fetch(`/api/register/${entryId}`)).status).toBe(404);
      expect(await (await reader.fetch('/api/register.csv')).text()).not.toContain('Тайный клиент');
      const report = await json<{ channels: { channel: string }[] }>(await reader.fetch(`/api/register-report/${month}`));
      expect(report.channels.map((c) => c.channel)).not.toContain('mystery-shopper');
    }
  });

  it('office hubs have none of it', async () => {
    const office = await startCentral(closers, 'office');
    const cx = await staffSession(office, 'cx', [{ role: 'cx' }]);
    expect((await cx.fetch('/api/mystery-shopper/templates')).status).toBe(404);
    expect(office.ctx.routes.specs.some((s) => s.path.startsWith('/mystery-shopper') || s.path.startsWith('/api/mystery-shopper'))).toBe(false);
  });
});
