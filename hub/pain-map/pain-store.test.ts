import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { painPatchSchema } from '../../shared/api/pain-map.ts';
import { BOTH_DATABASES, type OpenedDatabase } from '../../test/support/both-databases.ts';
import { removeTempDirs } from '../../test/support/temp-dirs.ts';
import { measureProblem } from './measure-rules.ts';
import { addEvidence, addMeasure, changeMeasure, changePain, createMeasure, createPain, findMeasure, findPain, listPains, measureOffices, overdueMeasures, patchMeasure, patchPain, reviewMeasure } from './pain-store.ts';

/**
 * The pain map's tables, the same statements on the hub's SQLite and on the central's PostgreSQL
 * (hub/sql/central-sql.ts): rows in, rows out, the office scope, overdue measures, what the
 * database refuses. Each test runs on both, on a fresh database migrated by its own migrations.
 */
const NOW = Date.UTC(2026, 11, 1);
const PAIN = { quarter: '2026-Q4', process: 'Регистрация в качестве безработного', title: 'Долгое ожидание в очереди', description: 'В понедельник ждут больше часа', priority: 'high', topicId: 'queue' } as const;
const MEASURE = { text: 'Электронная очередь по записи', owner: 'Начальник отделения', dueOn: '2026-11-15', startedOn: '2026-10-01', target: 'panel' } as const;

afterAll(() => removeTempDirs());

describe.each(BOTH_DATABASES)('pain store on $name', (database) => {
  let opened: OpenedDatabase;
  beforeEach(async () => {
    opened = await database.open();
  });
  afterEach(async () => {
    await opened?.close();
  });

  it('a pain, its evidence and measures read back; a status patch keeps what it does not name', async () => {
    const { sql } = opened;
    const id = await createPain(sql, { ...PAIN, officeId: 'sharya' }, 'cx', NOW);
    expect(await findPain(sql, id)).toEqual({ id, ...{ quarter: PAIN.quarter, process: PAIN.process, title: PAIN.title, description: PAIN.description, priority: 'high', topic_id: 'queue' }, office_id: 'sharya', status: 'open', created_by: 'cx', created_at: NOW, updated_at: NOW });
    const first = await addEvidence(sql, id, { kind: 'figure', ref: null, text: 'Доля оценок 1–2 на пультах: 31 % (n = 412)' }, 'cx', NOW);
    const second = await addEvidence(sql, id, { kind: 'comment', ref: 'resp-1', text: 'Ждала полтора часа' }, 'cx', NOW);
    expect(typeof first).toBe('number');
    expect(second).toBeGreaterThan(first);
    const m = await createMeasure(sql, id, { ...MEASURE, officeId: 'sharya' }, 'cx', NOW);
    expect(await findMeasure(sql, m)).toEqual({
      id: m,
      pain_id: id,
      office_id: 'sharya',
      text: MEASURE.text,
      owner: MEASURE.owner,
      due_on: MEASURE.dueOn,
      started_on: MEASURE.startedOn,
      status: 'planned',
      done_on: null,
      target: 'panel',
      review: null,
      reviewed_by: null,
      reviewed_at: null,
      created_by: 'cx',
      created_at: NOW,
      updated_at: NOW,
    });
    // What the route receives for {status: 'in-work'}: nothing else is touched.
    expect(await patchPain(sql, id, painPatchSchema.parse({ status: 'in-work' }), NOW + 1)).toBe(true);
    expect(await findPain(sql, id)).toMatchObject({ status: 'in-work', description: PAIN.description, topic_id: 'queue', updated_at: NOW + 1, created_by: 'cx' });
    // A null in the patch is written: the pain becomes region-wide, its topic cleared.
    expect(await patchPain(sql, id, { officeId: null, topicId: null, title: 'Очередь' }, NOW + 2)).toBe(true);
    expect(await findPain(sql, id)).toMatchObject({ office_id: null, topic_id: null, title: 'Очередь', status: 'in-work', updated_at: NOW + 2 });
    expect(await patchPain(sql, 'no-such', { status: 'resolved' }, NOW)).toBe(false);

    expect(await patchMeasure(sql, m, { status: 'done', doneOn: '2026-11-10' }, NOW + 2)).toBe(true);
    expect(await reviewMeasure(sql, m, 'Принято', 'director', NOW + 3)).toBe(true);
    expect(await findMeasure(sql, m)).toMatchObject({ status: 'done', done_on: '2026-11-10', review: 'Принято', reviewed_by: 'director', reviewed_at: NOW + 3, updated_at: NOW + 3, text: MEASURE.text });
    expect(await patchMeasure(sql, 'no-such', { owner: 'кто-то' }, NOW)).toBe(false);
    expect(await reviewMeasure(sql, 'no-such', 'Принято', 'director', NOW)).toBe(false);
    expect(await findPain(sql, 'no-such')).toBeNull();
    expect(await findMeasure(sql, 'no-such')).toBeNull();
    expect(await measureOffices(sql, id)).toEqual(['sharya']);

    const map = await listPains(sql, '2026-Q4', { officeIds: 'all' });
    expect(map.pains.map((p) => p.id)).toEqual([id]);
    expect(map.evidence.map((e) => [e.id, e.pain_id, e.kind, e.ref, e.text, e.added_by, e.added_at])).toEqual([
      [first, id, 'figure', null, 'Доля оценок 1–2 на пультах: 31 % (n = 412)', 'cx', NOW],
      [second, id, 'comment', 'resp-1', 'Ждала полтора часа', 'cx', NOW],
    ]);
    expect(map.measures.map((r) => r.id)).toEqual([m]);
    expect(await listPains(sql, '2026-Q3', { officeIds: 'all' })).toEqual({ pains: [], evidence: [], measures: [] });
  });

  it('changes of one measure at once each check what the other left: neither hits the table\'s check nor leaves a start after the deadline', async () => {
    const { sql } = opened;
    const today = '2026-12-01';
    for (let round = 0; round < 5; round++) {
      const pain = await createPain(sql, { ...PAIN, officeId: 'sharya' }, 'cx', NOW);
      const done = await createMeasure(sql, pain, { ...MEASURE, officeId: 'sharya' }, 'cx', NOW);
      expect(await changeMeasure(sql, done, { status: 'done', doneOn: '2026-11-10' }, today, NOW)).toEqual({ ok: true });
      // A new deadline for the done measure, and the measure put back to planned: both apply, in either order.
      const [deadline, replanned] = await Promise.all([changeMeasure(sql, done, { dueOn: '2026-11-20' }, today, NOW + 1), changeMeasure(sql, done, { status: 'planned' }, today, NOW + 1)]);
      expect([deadline, replanned]).toEqual([{ ok: true }, { ok: true }]);
      expect(await findMeasure(sql, done)).toMatchObject({ status: 'planned', done_on: null, due_on: '2026-11-20' });
      // The deadline moved before 2026-10-15 and the start moved after it: whichever comes second is refused.
      const dated = await createMeasure(sql, pain, { ...MEASURE, officeId: 'sharya' }, 'cx', NOW);
      const outcomes = await Promise.all([changeMeasure(sql, dated, { dueOn: '2026-10-10' }, today, NOW + 2), changeMeasure(sql, dated, { startedOn: '2026-10-15' }, today, NOW + 2)]);
      expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
      expect(outcomes.find((o) => !o.ok)).toEqual({ ok: false, reason: 'invalid', problem: 'срок выполнения раньше начала мероприятия' });
      const row = (await findMeasure(sql, dated))!;
      expect(row.due_on >= row.started_on).toBe(true);
    }
    expect(await changeMeasure(sql, 'no-such', { owner: 'кто-то' }, today, NOW)).toEqual({ ok: false, reason: 'not-found' });
  });

  it('a pain moved to another office while a measure of its office is added: one of the two is refused, never both done', async () => {
    const { sql } = opened;
    for (let round = 0; round < 5; round++) {
      const pain = await createPain(sql, { ...PAIN, officeId: 'sharya' }, 'cx', NOW);
      const [moved, added] = await Promise.all([changePain(sql, pain, { officeId: 'kostroma' }, NOW + 1), addMeasure(sql, pain, { ...MEASURE, officeId: 'sharya' }, 'cx', NOW + 1)]);
      expect([moved.ok, added.ok].filter(Boolean)).toHaveLength(1);
      const office = (await findPain(sql, pain))!.office_id;
      expect((await measureOffices(sql, pain)).every((o) => o === office)).toBe(true);
    }
    expect(await changePain(sql, 'no-such', { status: 'resolved' }, NOW)).toEqual({ ok: false, reason: 'not-found' });
    expect(await addMeasure(sql, 'no-such', { ...MEASURE, officeId: null }, 'cx', NOW)).toEqual({ ok: false, reason: 'not-found' });
  });

  it('the database refuses a done measure without its day, a day without done, an unknown status and evidence of no pain', async () => {
    const { sql } = opened;
    const id = await createPain(sql, { ...PAIN, officeId: null }, 'cx', NOW);
    const m = await createMeasure(sql, id, { ...MEASURE, officeId: null }, 'cx', NOW);
    await expect(patchMeasure(sql, m, { status: 'done' }, NOW)).rejects.toThrow(/check constraint/i);
    await expect(patchMeasure(sql, m, { doneOn: '2026-11-10' }, NOW)).rejects.toThrow(/check constraint/i);
    expect(await findMeasure(sql, m)).toMatchObject({ status: 'planned', done_on: null, updated_at: NOW });
    // What the API's schema already refuses, the table refuses too.
    const badPain = { ...PAIN, officeId: null, priority: 'urgent' } as unknown as Parameters<typeof createPain>[1];
    await expect(createPain(sql, badPain, 'cx', NOW)).rejects.toThrow(/check constraint/i);
    await expect(patchPain(sql, id, { status: 'closed' } as unknown as Parameters<typeof patchPain>[2], NOW)).rejects.toThrow(/check constraint/i);
    await expect(addEvidence(sql, id, { kind: 'rumour', ref: null, text: '…' } as unknown as Parameters<typeof addEvidence>[2], 'cx', NOW)).rejects.toThrow(/check constraint/i);
    await expect(addEvidence(sql, 'no-such', { kind: 'note', ref: null, text: '…' }, 'cx', NOW)).rejects.toThrow(/foreign key/i);
    await expect(createMeasure(sql, 'no-such', { ...MEASURE, officeId: null }, 'cx', NOW)).rejects.toThrow(/foreign key/i);
    expect((await listPains(sql, '2026-Q4', { officeIds: 'all' })).evidence).toEqual([]);
  });

  it('an office head’s scope: their office and region-wide pains, never another office’s; the order', async () => {
    const { sql } = opened;
    const sharya = await createPain(sql, { ...PAIN, officeId: 'sharya', priority: 'low' }, 'cx', NOW);
    const region = await createPain(sql, { ...PAIN, officeId: null, priority: 'medium' }, 'cx', NOW);
    const buy = await createPain(sql, { ...PAIN, officeId: 'buy', priority: 'high' }, 'cx', NOW);
    // Same priority: the older first; same time too: the one made first.
    const later = await createPain(sql, { ...PAIN, officeId: 'buy', priority: 'high' }, 'cx', NOW - 1);
    const twin = await createPain(sql, { ...PAIN, officeId: 'buy', priority: 'high' }, 'cx', NOW);
    await createMeasure(sql, sharya, { ...MEASURE, officeId: 'sharya' }, 'cx', NOW);
    await createMeasure(sql, region, { ...MEASURE, officeId: 'buy', dueOn: '2026-11-20' }, 'cx', NOW);
    const regionOwn = await createMeasure(sql, region, { ...MEASURE, officeId: null, dueOn: '2026-11-14' }, 'cx', NOW);
    await createMeasure(sql, buy, { ...MEASURE, officeId: 'buy' }, 'cx', NOW);

    const head = await listPains(sql, '2026-Q4', { officeIds: ['sharya'] });
    expect(head.pains.map((p) => p.id)).toEqual([region, sharya]);
    expect(head.measures.map((r) => r.office_id)).toEqual([null, 'sharya']);
    expect((await listPains(sql, '2026-Q4', { officeIds: ['sharya', 'buy'] })).pains.map((p) => p.id)).toEqual([later, buy, twin, region, sharya]);
    // No office at all: the region-wide rows only.
    expect((await listPains(sql, '2026-Q4', { officeIds: [] })).pains.map((p) => p.id)).toEqual([region]);
    // The whole region: high priority first, then by time; measures by deadline.
    const all = await listPains(sql, '2026-Q4', { officeIds: 'all' });
    expect(all.pains.map((p) => p.id)).toEqual([later, buy, twin, region, sharya]);
    expect(all.measures.map((r) => [r.due_on, r.office_id])).toEqual([
      ['2026-11-14', null],
      ['2026-11-15', 'sharya'],
      ['2026-11-15', 'buy'],
      ['2026-11-20', 'buy'],
    ]);
    expect(await measureOffices(sql, region)).toEqual(['buy']);

    // Overdue: past the date and neither done nor cancelled, in scope.
    expect((await overdueMeasures(sql, '2026-11-16', { officeIds: 'all' })).map((r) => r.due_on)).toEqual(['2026-11-14', '2026-11-15', '2026-11-15']);
    expect((await overdueMeasures(sql, '2026-11-16', { officeIds: ['sharya'] })).map((r) => r.office_id)).toEqual([null, 'sharya']);
    expect(await overdueMeasures(sql, '2026-11-14', { officeIds: 'all' })).toEqual([]);
    await patchMeasure(sql, regionOwn, { status: 'cancelled' }, NOW);
    expect((await overdueMeasures(sql, '2026-11-16', { officeIds: ['sharya'] })).map((r) => r.office_id)).toEqual(['sharya']);
    // Every quarter's measures, not only this one's.
    const old = await createPain(sql, { ...PAIN, quarter: '2026-Q2', officeId: 'sharya' }, 'cx', NOW);
    await createMeasure(sql, old, { ...MEASURE, officeId: 'sharya', dueOn: '2026-05-01', startedOn: '2026-04-01' }, 'cx', NOW);
    expect((await overdueMeasures(sql, '2026-11-16', { officeIds: ['sharya'] })).map((r) => r.due_on)).toEqual(['2026-05-01', '2026-11-15']);
  });
});

describe('measure rules', () => {
  it('measure dates: the deadline not before the start; done between the start and today', () => {
    const ok = { startedOn: '2026-10-01', dueOn: '2026-11-01', status: 'done', doneOn: '2026-10-20' };
    expect(measureProblem(ok, '2026-12-01')).toBeNull();
    expect(measureProblem({ ...ok, dueOn: '2026-09-30' }, '2026-12-01')).toBe('срок выполнения раньше начала мероприятия');
    expect(measureProblem({ ...ok, doneOn: null }, '2026-12-01')).toBe('для выполненного мероприятия укажите дату выполнения');
    expect(measureProblem({ ...ok, doneOn: '2026-09-01' }, '2026-12-01')).toBe('дата выполнения раньше начала мероприятия');
    expect(measureProblem({ ...ok, doneOn: '2026-12-02' }, '2026-12-01')).toBe('дата выполнения ещё не наступила');
  });
});
