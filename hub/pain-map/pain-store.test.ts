import { describe, expect, it } from 'vitest';
import { painPatchSchema } from '../../shared/api/pain-map.ts';
import { testDb } from '../../test/support/test-records.ts';
import { addEvidence, createMeasure, createPain, findMeasure, findPain, listPains, measureOffices, overdueMeasures, patchMeasure, patchPain, reviewMeasure } from './pain-store.ts';
import { measureProblem } from './measure-rules.ts';

/** The pain map's tables on a real SQLite file: rows in, rows out, the office scope, overdue measures. */
const NOW = Date.UTC(2026, 11, 1);
const PAIN = { quarter: '2026-Q4', process: 'Регистрация в качестве безработного', title: 'Долгое ожидание в очереди', description: 'В понедельник ждут больше часа', priority: 'high', topicId: 'queue' } as const;
const MEASURE = { text: 'Электронная очередь по записи', owner: 'Начальник отделения', dueOn: '2026-11-15', startedOn: '2026-10-01', target: 'panel' } as const;

describe('pain store', () => {
  it('a pain, its evidence and measures read back; a status patch keeps what it does not name', () => {
    const db = testDb();
    const id = createPain(db, { ...PAIN, officeId: 'sharya' }, 'cx', NOW);
    addEvidence(db, id, { kind: 'figure', ref: null, text: 'Доля оценок 1–2 на пультах: 31 % (n = 412)' }, 'cx', NOW);
    const m = createMeasure(db, id, { ...MEASURE, officeId: 'sharya' }, 'cx', NOW);
    // What the route receives for {status: 'in-work'}: nothing else is touched.
    expect(patchPain(db, id, painPatchSchema.parse({ status: 'in-work' }), NOW + 1)).toBe(true);
    expect(findPain(db, id)).toMatchObject({ status: 'in-work', description: PAIN.description, topic_id: 'queue', updated_at: NOW + 1, created_by: 'cx' });
    expect(patchPain(db, 'no-such', { status: 'resolved' }, NOW)).toBe(false);

    expect(patchMeasure(db, m, { status: 'done', doneOn: '2026-11-10' }, NOW + 2)).toBe(true);
    expect(reviewMeasure(db, m, 'Принято', 'director', NOW + 3)).toBe(true);
    expect(findMeasure(db, m)).toMatchObject({ status: 'done', done_on: '2026-11-10', review: 'Принято', reviewed_by: 'director', text: MEASURE.text });
    expect(measureOffices(db, id)).toEqual(['sharya']);

    const map = listPains(db, '2026-Q4', { officeIds: 'all' });
    expect(map.pains.map((p) => p.id)).toEqual([id]);
    expect(map.evidence.map((e) => [e.pain_id, e.kind, e.text])).toEqual([[id, 'figure', 'Доля оценок 1–2 на пультах: 31 % (n = 412)']]);
    expect(map.measures.map((r) => r.id)).toEqual([m]);
    expect(listPains(db, '2026-Q3', { officeIds: 'all' }).pains).toEqual([]);
  });

  it('the database refuses a done measure without its day and a day without done', () => {
    const db = testDb();
    const id = createPain(db, { ...PAIN, officeId: null }, 'cx', NOW);
    const m = createMeasure(db, id, { ...MEASURE, officeId: null }, 'cx', NOW);
    expect(() => patchMeasure(db, m, { status: 'done' }, NOW)).toThrow(/CHECK/);
    expect(() => patchMeasure(db, m, { doneOn: '2026-11-10' }, NOW)).toThrow(/CHECK/);
    expect(findMeasure(db, m)).toMatchObject({ status: 'planned', done_on: null });
  });

  it('an office head’s scope: their office and region-wide pains, never another office’s', () => {
    const db = testDb();
    const sharya = createPain(db, { ...PAIN, officeId: 'sharya', priority: 'low' }, 'cx', NOW);
    const region = createPain(db, { ...PAIN, officeId: null, priority: 'medium' }, 'cx', NOW);
    const buy = createPain(db, { ...PAIN, officeId: 'buy', priority: 'high' }, 'cx', NOW);
    createMeasure(db, sharya, { ...MEASURE, officeId: 'sharya' }, 'cx', NOW);
    createMeasure(db, region, { ...MEASURE, officeId: 'buy', dueOn: '2026-11-20' }, 'cx', NOW);
    createMeasure(db, buy, { ...MEASURE, officeId: 'buy' }, 'cx', NOW);

    const head = listPains(db, '2026-Q4', { officeIds: ['sharya'] });
    expect(head.pains.map((p) => p.id)).toEqual([region, sharya]);
    expect(head.measures.map((r) => r.office_id)).toEqual(['sharya']);
    // The whole region: high priority first.
    expect(listPains(db, '2026-Q4', { officeIds: 'all' }).pains.map((p) => p.id)).toEqual([buy, region, sharya]);

    // Overdue: past the date and neither done nor cancelled, in scope.
    expect(overdueMeasures(db, '2026-11-16', { officeIds: 'all' }).map((r) => r.due_on)).toEqual(['2026-11-15', '2026-11-15']);
    expect(overdueMeasures(db, '2026-11-16', { officeIds: ['sharya'] }).map((r) => r.office_id)).toEqual(['sharya']);
    expect(overdueMeasures(db, '2026-11-15', { officeIds: 'all' })).toEqual([]);
  });

  it('measure dates: the deadline not before the start; done between the start and today', () => {
    const ok = { startedOn: '2026-10-01', dueOn: '2026-11-01', status: 'done', doneOn: '2026-10-20' };
    expect(measureProblem(ok, '2026-12-01')).toBeNull();
    expect(measureProblem({ ...ok, dueOn: '2026-09-30' }, '2026-12-01')).toBe('срок выполнения раньше начала мероприятия');
    expect(measureProblem({ ...ok, doneOn: null }, '2026-12-01')).toBe('для выполненного мероприятия укажите дату выполнения');
    expect(measureProblem({ ...ok, doneOn: '2026-09-01' }, '2026-12-01')).toBe('дата выполнения раньше начала мероприятия');
    expect(measureProblem({ ...ok, doneOn: '2026-12-02' }, '2026-12-01')).toBe('дата выполнения ещё не наступила');
  });
});
