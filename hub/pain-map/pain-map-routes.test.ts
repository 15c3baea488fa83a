import ExcelJS from 'exceljs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PainMapResponse } from '../../shared/api/pain-map.ts';
import { createLogger } from '../../shared/logger.ts';
import { moscowDay, periodContaining } from '../../shared/periods.ts';
import { ingestAt, press, response } from '../../test/support/test-records.ts';
import { staffSession, type StaffSession } from '../../test/support/staff-session.ts';
import { readHubConfig } from '../config.ts';
import { HEADER_ROW } from '../reports/xlsx.ts';
import { startHub, type RunningHub } from '../server.ts';

/**
 * The pain map through a real central over HTTP on a real SQLite file: the CX sector records pains,
 * evidence and measures; the director reads everything and reviews; an office head reads their
 * office's; a bad request is refused in Russian and changes nothing; every change is audited; the
 * XLSX parsed back says what the API says.
 */
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

async function hub(role: 'central' | 'office' = 'central'): Promise<RunningHub> {
  const config = readHubConfig({ ROLE: role, OFFICE_ID: 'sharya', DATA_DIR: mkdtempSync(path.join(tmpdir(), 'pain-map-')), PORT: '0', SCHEDULED_REPORTS: 'false' });
  if (!config.ok) throw new Error(config.message);
  const running = await startHub(config.value, { logger: createLogger('test', { level: 'silent', pretty: false }) });
  closers.push(() => running.close());
  return running;
}

const DAY = 86_400_000;
const now = Date.now();
const dayOffset = (days: number): string => moscowDay(now + days * DAY);
const QUARTER = periodContaining('quarter', now).key;
const PAIN = { quarter: QUARTER, process: 'Регистрация в качестве безработного', officeId: 'sharya', title: 'Долгое ожидание в очереди', description: 'По понедельникам ждут больше часа', priority: 'high', topicId: 'queue' };
const MEASURE = { officeId: 'sharya', text: 'Запись на приём по времени', owner: 'Начальник отделения', startedOn: dayOffset(-40), dueOn: dayOffset(-30), target: 'panel' };

const send = (s: StaffSession, method: string, url: string, body: unknown) => s.fetch(url, { method, body: JSON.stringify(body) });
async function created(res: Response): Promise<string> {
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}
const readMap = async (s: StaffSession, quarter = QUARTER) => (await (await s.fetch(`/api/pain-map?quarter=${quarter}`)).json()) as PainMapResponse;
const auditCount = (h: RunningHub, actor?: string): number =>
  h.ctx.db.prepare(`SELECT count(*) FROM audit_log WHERE action = 'pain-map.change'${actor ? ' AND actor = ?' : ''}`).pluck().get(...(actor ? [actor] : [])) as number;
const rowCounts = (h: RunningHub) => h.ctx.db.prepare('SELECT (SELECT count(*) FROM pain) AS pains, (SELECT count(*) FROM pain_evidence) AS evidence, (SELECT count(*) FROM measure) AS measures, (SELECT max(updated_at) FROM pain) AS painAt, (SELECT max(updated_at) FROM measure) AS measureAt').get();

describe('the pain map over HTTP', () => {
  it('the CX sector records a pain, evidence and measures; the director reads the verdict and reviews; all audited; the XLSX equals the API', async () => {
    const central = await hub();
    // The panel in Шарья: 2.9 on average before the measure (n 60), 4.6 after (n 60).
    const presses = (at: number, score: number, count: number) => Array.from({ length: count }, (_, i) => press('drv', 'p1', at + i * 1000, { score, button: String(score) }));
    ingestAt(central.ctx.db, now, [...presses(now - 60 * DAY, 2, 33), ...presses(now - 59 * DAY, 4, 27), ...presses(now - 10 * DAY, 4, 24), ...presses(now - 9 * DAY, 5, 36)]);
    const comment = { ...response('kiosk-1', now - 50 * DAY), answers: { csat1: 2, csat2: 2, csat3: 1 }, comment: 'Стояла в очереди полтора часа' };
    ingestAt(central.ctx.db, now, [comment]);

    const cx = await staffSession(central, 'cx', [{ role: 'cx' }]);
    const painId = await created(await send(cx, 'POST', '/api/pain-map/pains', PAIN));
    await created(await send(cx, 'POST', `/api/pain-map/pains/${painId}/evidence`, { kind: 'comment', ref: comment.id, text: comment.comment }));
    await created(await send(cx, 'POST', `/api/pain-map/pains/${painId}/evidence`, { kind: 'figure', text: 'Средний балл пультов 2,9 (n = 60)' }));
    const done = await created(await send(cx, 'POST', `/api/pain-map/pains/${painId}/measures`, MEASURE));
    expect((await send(cx, 'PATCH', `/api/pain-map/measures/${done}`, { status: 'done', doneOn: dayOffset(-20) })).status).toBe(200);
    const late = await created(await send(cx, 'POST', `/api/pain-map/pains/${painId}/measures`, { ...MEASURE, text: 'Второе окно по понедельникам', startedOn: dayOffset(-5), dueOn: dayOffset(-1), target: 'negative' }));
    expect((await send(cx, 'PATCH', `/api/pain-map/pains/${painId}`, { status: 'in-work' })).status).toBe(200);

    const director = await staffSession(central, 'director', [{ role: 'director' }]);
    const map = await readMap(director);
    expect(map).toMatchObject({ ok: true, quarter: QUARTER, mayEdit: false, mayReview: true });
    expect(map.pains).toHaveLength(1);
    const pain = map.pains[0]!;
    expect(pain).toMatchObject({ status: 'in-work', description: PAIN.description, topicId: 'queue', officeName: 'Шарьинское отделение', createdBy: 'cx' });
    expect(pain.evidence.map((e) => [e.kind, e.ref])).toEqual([['comment', comment.id], ['figure', null]]);
    const measure = pain.measures.find((m) => m.id === done)!;
    expect(measure).toMatchObject({ status: 'done', doneOn: dayOffset(-20), overdue: false });
    expect(measure.effect).toMatchObject({ target: 'panel', verdict: 'improved', before: { n: 60, value: 2.9 }, after: { n: 60, value: 4.6 } });
    expect(measure.effect!.difference).toBeCloseTo(1.7, 10);
    expect(measure.effect!.interval!.low).toBeGreaterThan(0);
    expect(map.overdue.map((m) => [m.id, m.overdue])).toEqual([[late, true]]);
    expect(pain.measures.find((m) => m.id === late)!.effect).toBeNull();

    expect((await send(director, 'POST', `/api/pain-map/measures/${done}/review`, { review: 'Мера действует, закрепить в регламенте' })).status).toBe(200);
    expect((await readMap(cx)).pains[0]!.measures.find((m) => m.id === done)).toMatchObject({ review: 'Мера действует, закрепить в регламенте', reviewedBy: 'director' });
    expect((await readMap(cx))).toMatchObject({ mayEdit: true, mayReview: false });

    // Each change is in the audit log under its author: 6 by the CX sector, 1 by the director.
    expect([auditCount(central, 'cx'), auditCount(central, 'director')]).toEqual([7, 1]);

    // The export, parsed back: one row per measure, the same words and verdict as the API.
    const res = await director.fetch(`/api/pain-map/${QUARTER}.xlsx`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain(`pain-map-${QUARTER}.xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await res.arrayBuffer()) as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(String(sheet.getCell(2, 1).value)).toContain('не подлежит опубликованию');
    const rows: unknown[][] = [];
    for (let r = HEADER_ROW + 1; r <= sheet.rowCount; r++) rows.push(Array.from({ length: 13 }, (_, c) => sheet.getRow(r).getCell(c + 1).value ?? null));
    const api = (await readMap(director)).pains[0]!;
    const dotted = (d: string) => d.split('-').reverse().join('.');
    expect(rows).toEqual(
      api.measures.map((m) => [
        '1',
        api.process,
        api.officeName,
        `${api.title}\n${api.description}`,
        api.evidence.map((e) => e.text).join('\n'),
        'высокий',
        'в работе',
        m.text,
        m.owner,
        dotted(m.dueOn),
        m.id === done ? `выполнено ${dotted(m.doneOn!)}` : 'запланировано, просрочено',
        m.effect ? `средний балл пультов: ${m.effect.sentence}` : null,
        m.review,
      ]),
    );
  });

  it('roles: the director and an office head do not edit; an office head reads only their office and the region’s', async () => {
    const central = await hub();
    const cx = await staffSession(central, 'cx', [{ role: 'cx' }]);
    const sharya = await created(await send(cx, 'POST', '/api/pain-map/pains', PAIN));
    const buy = await created(await send(cx, 'POST', '/api/pain-map/pains', { ...PAIN, officeId: 'buy', title: 'Нет пандуса' }));
    const region = await created(await send(cx, 'POST', '/api/pain-map/pains', { ...PAIN, officeId: null, title: 'Портал «Работа России» сложен' }));
    await created(await send(cx, 'POST', `/api/pain-map/pains/${buy}/measures`, { ...MEASURE, officeId: 'buy', dueOn: dayOffset(-1) }));
    await created(await send(cx, 'POST', `/api/pain-map/pains/${region}/measures`, { ...MEASURE, officeId: 'buy', dueOn: dayOffset(-1) }));
    await created(await send(cx, 'POST', `/api/pain-map/pains/${region}/measures`, { ...MEASURE, officeId: 'sharya', dueOn: dayOffset(-1) }));

    const head = await staffSession(central, 'head', [{ role: 'office-head', officeId: 'sharya' }]);
    const seen = await readMap(head);
    expect(seen).toMatchObject({ mayEdit: false, mayReview: false });
    expect(seen.pains.map((p) => p.id).sort()).toEqual([sharya, region].sort());
    expect(seen.pains.flatMap((p) => p.measures.map((m) => m.officeId))).toEqual(['sharya']);
    expect(seen.overdue.map((m) => m.officeId)).toEqual(['sharya']);
    const xlsx = new ExcelJS.Workbook();
    await xlsx.xlsx.load((await (await head.fetch(`/api/pain-map/${QUARTER}.xlsx`)).arrayBuffer()) as ArrayBuffer);
    expect(JSON.stringify(xlsx.worksheets[0]!.getSheetValues())).not.toContain('Нет пандуса');

    const before = rowCounts(central);
    const director = await staffSession(central, 'director', [{ role: 'director' }]);
    for (const s of [head, director]) {
      expect((await send(s, 'POST', '/api/pain-map/pains', PAIN)).status).toBe(403);
      expect((await send(s, 'PATCH', `/api/pain-map/pains/${sharya}`, { status: 'dropped' })).status).toBe(403);
      expect((await send(s, 'POST', `/api/pain-map/pains/${sharya}/measures`, MEASURE)).status).toBe(403);
    }
    expect((await send(head, 'POST', `/api/pain-map/measures/x/review`, { review: 'Хорошо' })).status).toBe(403);
    expect((await send(cx, 'POST', `/api/pain-map/measures/x/review`, { review: 'Хорошо' })).status).toBe(403);
    const clerk = await staffSession(central, 'clerk', [{ role: 'staff', officeId: 'sharya' }]);
    expect((await clerk.fetch('/api/pain-map')).status).toBe(403);
    expect(rowCounts(central)).toEqual(before);
    expect(auditCount(central, 'head') + auditCount(central, 'director') + auditCount(central, 'clerk')).toBe(0);
  });

  it('bad input is refused with a Russian reason and changes nothing', async () => {
    const central = await hub();
    const cx = await staffSession(central, 'cx', [{ role: 'cx' }]);
    const painId = await created(await send(cx, 'POST', '/api/pain-map/pains', PAIN));
    const measureId = await created(await send(cx, 'POST', `/api/pain-map/pains/${painId}/measures`, MEASURE));
    const before = rowCounts(central);
    const audited = auditCount(central);

    const refusals: [string, string, unknown, number, RegExp][] = [
      ['POST', '/api/pain-map/pains', { ...PAIN, title: '  ' }, 400, /проблема: не заполнено/],
      ['POST', '/api/pain-map/pains', { ...PAIN, quarter: '2026-Q5' }, 400, /квартал в виде 2026-Q4/],
      ['POST', '/api/pain-map/pains', { ...PAIN, priority: 'urgent' }, 400, /priority/],
      ['POST', '/api/pain-map/pains', { ...PAIN, officeId: 'atlantis' }, 400, /нет отдела «atlantis»/],
      ['POST', '/api/pain-map/pains', { ...PAIN, extra: 1 }, 400, /extra/],
      ['PATCH', `/api/pain-map/pains/${painId}`, { status: 'forgotten' }, 400, /status/],
      ['PATCH', `/api/pain-map/pains/${painId}`, { officeId: 'buy' }, 400, /мероприятия другого отдела/],
      ['PATCH', '/api/pain-map/pains/no-such', { status: 'resolved' }, 404, /нет такой проблемы/],
      ['POST', `/api/pain-map/pains/${painId}/evidence`, { kind: 'comment', ref: 'no-such-answer', text: 'Отзыв' }, 400, /нет такого отзыва/],
      ['POST', `/api/pain-map/pains/${painId}/evidence`, { kind: 'register-entry', ref: 'no-such-entry', text: 'Запись' }, 400, /нет такой записи в реестре/],
      ['POST', `/api/pain-map/pains/${painId}/evidence`, { kind: 'figure', text: '' }, 400, /текст: не заполнено/],
      ['POST', '/api/pain-map/pains/no-such/evidence', { kind: 'note', text: 'Заметка' }, 404, /нет такой проблемы/],
      ['POST', `/api/pain-map/pains/${painId}/measures`, { ...MEASURE, dueOn: dayOffset(-50) }, 400, /срок выполнения раньше начала/],
      ['POST', `/api/pain-map/pains/${painId}/measures`, { ...MEASURE, dueOn: '2026-02-30' }, 400, /такой даты нет/],
      ['POST', `/api/pain-map/pains/${painId}/measures`, { ...MEASURE, officeId: 'buy' }, 400, /в том же отделе/],
      ['POST', `/api/pain-map/pains/${painId}/measures`, { ...MEASURE, target: 'happiness' }, 400, /target/],
      ['PATCH', `/api/pain-map/measures/${measureId}`, { status: 'done' }, 400, /укажите дату выполнения/],
      ['PATCH', `/api/pain-map/measures/${measureId}`, { status: 'done', doneOn: dayOffset(2) }, 400, /ещё не наступила/],
      ['PATCH', `/api/pain-map/measures/${measureId}`, { status: 'done', doneOn: dayOffset(-41) }, 400, /раньше начала/],
      ['PATCH', '/api/pain-map/measures/no-such', { owner: 'Кто-то' }, 404, /нет такого мероприятия/],
    ];
    for (const [method, url, body, status, reason] of refusals) {
      const res = await send(cx, method, url, body);
      const answer = (await res.json()) as { ok: boolean; reason: string };
      expect([url, res.status, answer.ok]).toEqual([url, status, false]);
      expect(answer.reason).toMatch(reason);
    }
    // Not JSON at all.
    expect((await cx.fetch('/api/pain-map/pains', { method: 'POST', body: '{"title":' })).status).toBe(400);
    expect((await cx.fetch('/api/pain-map?quarter=2026-13')).status).toBe(400);
    expect((await cx.fetch('/api/pain-map/2026-Q9.xlsx')).status).toBe(400);
    expect(rowCounts(central)).toEqual(before);
    expect(auditCount(central)).toBe(audited);
    // A status-only patch keeps the rest of the pain.
    expect((await send(cx, 'PATCH', `/api/pain-map/pains/${painId}`, { status: 'resolved' })).status).toBe(200);
    expect((await readMap(cx)).pains[0]).toMatchObject({ status: 'resolved', description: PAIN.description, topicId: 'queue', title: PAIN.title });
  });

  it('an office hub has no pain map', async () => {
    const office = await hub('office');
    const admin = await staffSession(office, 'admin', [{ role: 'admin' }]);
    expect((await admin.fetch('/api/pain-map')).status).toBe(404);
    expect((await send(admin, 'POST', '/api/pain-map/pains', PAIN)).status).toBe(404);
  });
});
