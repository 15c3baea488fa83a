import path from 'node:path';
import { sql as raw } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newRecordId } from '../../shared/ids.ts';
import { templateContentSchema, visitContentSchema, type TemplateContent, type VisitContent } from '../../shared/mystery-shopper.ts';
import { parsePeriodKey } from '../../shared/periods.ts';
import { BOTH_DATABASES, type OpenedDatabase } from '../../test/support/both-databases.ts';
import { makeTempDir, removeTempDirs } from '../../test/support/temp-dirs.ts';
import { openDatabase, type Db } from '../db/open.ts';
import { createRegisterStore, type RegisterStore } from '../register/register-store.ts';
import { addAttachment, attachmentBytes, deleteAttachment, findAttachment, listAttachments } from './attachment-store.ts';
import { buildReport } from './report.ts';
import { createTemplate, criteriaOf, familyVersions, findTemplate, listNewestTemplates, newestOfFamily, saveTemplate, templateView, type TemplateRow } from './template-store.ts';
import { approveVisit, createVisit, findVisit, findVisitListRow, listVisits, updateVisit, type VisitDbRow } from './visit-store.ts';

/**
 * The mystery shopper's stores (templates, visits, files and their bytes), the same statements on
 * the hub's SQLite and on the central's PostgreSQL (hub/sql/central-sql.ts): each test runs on
 * both, on a database migrated by its own migrations. The register a visit opens its entry in is
 * on the same database, written in the visit's transaction.
 */
const content = (name: string, weights: number[] = [2, 5, 3]): TemplateContent =>
  templateContentSchema.parse({
    name,
    goals: 'Проверить консультацию',
    scenario: 'Клиент спрашивает о пособии',
    criteria: weights.map((weight, i) => ({ text: `Критерий ${i + 1}`, group: 'Консультация', weight })),
  });

const visit = (template: TemplateRow, officeId: string, visitedOn: string, over: Partial<VisitContent> = {}): VisitContent =>
  visitContentSchema.parse({
    templateId: template.id,
    officeId,
    visitedOn,
    visitedTime: '10:40',
    scenario: 'Клиент спрашивает о пособии',
    shopper: 'Клиент-7',
    marks: criteriaOf(template).map((c, i) => ({ criterionId: c.id, mark: i === 0 ? 'missed' : 'met', note: '' })),
    notes: '',
    conclusions: 'Консультация неполная',
    proposals: '',
    ...over,
  });

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100, 7)]);

afterAll(() => removeTempDirs());

describe.each(BOTH_DATABASES)('the mystery shopper stores on $name', (database) => {
  let opened: OpenedDatabase;
  let register: RegisterStore;
  beforeAll(async () => {
    opened = await database.open();
    register = createRegisterStore(opened.sql);
  });
  afterAll(async () => {
    await opened?.close();
  });

  const made = async (name: string, weights?: number[]): Promise<TemplateRow> => {
    const outcome = await createTemplate(opened.sql, newRecordId(), content(name, weights), 'cx', 1_000);
    if (!outcome.ok) throw new Error(outcome.reason);
    return outcome.row;
  };
  const recorded = async (template: TemplateRow, officeId: string, visitedOn: string, over: Partial<VisitContent> = {}): Promise<VisitDbRow> => {
    const outcome = await createVisit(opened.sql, register, newRecordId(), visit(template, officeId, visitedOn, over), template, 'cx', 2_000);
    if (!outcome.ok) throw new Error(outcome.reason);
    return outcome.row;
  };

  it('a visit checked against a template that was edited in place before its transaction is refused as stale, and stores nothing', async () => {
    const { sql } = opened;
    const template = await made('Правка между проверкой и записью', [1, 2, 3]);
    const ids = criteriaOf(template).map((c) => c.id);
    const edited = await saveTemplate(sql, template.id, { ...content('Правка между проверкой и записью', [3, 2, 1]), criteria: content('Правка между проверкой и записью', [3, 2, 1]).criteria.map((c, i) => ({ ...c, id: ids[i] ?? null })) }, 'cx', 1_500);
    expect(edited).toMatchObject({ ok: true, status: 'updated' });
    const id = newRecordId();
    // The route checked the marks against `template` as it was; the edit committed since.
    expect(await createVisit(sql, register, id, visit(template, 'sharya', '2026-01-11'), template, 'cx', 2_000)).toMatchObject({ ok: false, error: 'stale' });
    expect(await findVisit(sql, id)).toBeNull();
  });

  it('a template is stored once by its id, edited in place while unused, then copied as the next version', async () => {
    const { sql } = opened;
    const id = newRecordId();
    const first = await createTemplate(sql, id, content('Консультация'), 'cx', 1_000);
    expect(first).toMatchObject({ ok: true, status: 'stored', row: { id, family_id: id, version: 1, name: 'Консультация', created_by: 'cx', created_at: 1_000, updated_at: 1_000 } });
    expect(await createTemplate(sql, id, content('Консультация'), 'cx', 5_000)).toMatchObject({ ok: true, status: 'duplicate', row: { created_at: 1_000 } });
    expect(await createTemplate(sql, id, content('Другое'), 'cx', 5_000)).toEqual({ ok: false, error: 'conflict', reason: 'анкета с этим номером уже записана с другим содержимым' });
    expect(await findTemplate(sql, newRecordId())).toBeNull();

    const v1 = (await findTemplate(sql, id))!;
    const ids = criteriaOf(v1).map((c) => c.id);
    const edit = (weights: number[], keep = ids): TemplateContent => ({ ...content('Консультация', weights), criteria: content('Консультация', weights).criteria.map((c, i) => ({ ...c, id: keep[i] ?? null })) });
    const updated = await saveTemplate(sql, id, edit([1, 5, 3]), 'cx', 2_000);
    expect(updated).toMatchObject({ ok: true, status: 'updated', row: { id, version: 1, updated_at: 2_000, created_at: 1_000 } });
    if (!updated.ok) return;
    expect(criteriaOf(updated.row).map((c) => c.id)).toEqual(ids);
    expect(criteriaOf(updated.row).map((c) => c.weight)).toEqual([1, 5, 3]);
    expect(await saveTemplate(sql, id, edit([1, 5, 3]), 'cx', 3_000)).toMatchObject({ ok: true, status: 'unchanged', row: { updated_at: 2_000 } });
    expect(await saveTemplate(sql, id, edit([1, 5, 4], [ids[0]!, newRecordId(), ids[2]!]), 'cx', 3_000)).toEqual({ ok: false, error: 'unknown-criterion', reason: 'критерий не из этой версии анкеты', field: 'criteria.1.id' });
    expect(await saveTemplate(sql, newRecordId(), edit([1]), 'cx', 3_000)).toEqual({ ok: false, error: 'not-found', reason: 'нет такой анкеты' });

    await recorded((await findTemplate(sql, id))!, 'sharya', '2026-01-10');
    const copied = await saveTemplate(sql, id, edit([1, 5, 4]), 'ko', 4_000);
    expect(copied).toMatchObject({ ok: true, status: 'copied', row: { family_id: id, version: 2, created_by: 'ko', created_at: 4_000 } });
    if (!copied.ok) return;
    expect(copied.row.id).not.toBe(id);
    expect(criteriaOf(copied.row).map((c) => c.id)).toEqual(ids);
    // A resend of that edit answers with version 2; another edit of version 1 is refused.
    expect(await saveTemplate(sql, id, edit([1, 5, 4]), 'ko', 5_000)).toMatchObject({ ok: true, status: 'unchanged', row: { id: copied.row.id } });
    expect(await saveTemplate(sql, id, edit([9, 9, 9]), 'ko', 5_000)).toEqual({ ok: false, error: 'not-newest', reason: 'у этой анкеты уже есть версия 2: изменяйте её' });

    expect((await familyVersions(sql, id)).map((v) => v.version)).toEqual([1, 2]);
    expect((await newestOfFamily(sql, id)).id).toBe(copied.row.id);
    expect(await templateView(sql, (await findTemplate(sql, id))!)).toMatchObject({ id, familyId: id, version: 1, visits: 1, newestId: copied.row.id, criteria: criteriaOf(updated.row) });
    expect(await templateView(sql, copied.row)).toMatchObject({ version: 2, visits: 0, newestId: copied.row.id });
  });

  it('the database itself keeps a used version frozen and refuses a version below 1 or a second version of the same number', async () => {
    const { sql } = opened;
    const template = await made('Замороженная');
    await recorded(template, 'sharya', '2026-01-11');
    await expect(sql.db.updateTable('ms_template').set({ name: 'x' }).where('id', '=', template.id).execute()).rejects.toThrow('ms_template: version in use is frozen');
    const row = { family_id: template.id, name: 'x', goals: '', scenario: 's', criteria: '[]', content_key: 'k', created_by: 'cx', created_at: 1, updated_at: 1 };
    await expect(sql.db.insertInto('ms_template').values({ ...row, id: newRecordId(), version: 0 }).execute()).rejects.toThrow();
    await expect(sql.db.insertInto('ms_template').values({ ...row, id: newRecordId(), version: 1 }).execute()).rejects.toThrow();
    expect((await familyVersions(sql, template.id)).length).toBe(1);
  });

  it('lists each family’s newest version, by name as SQLite’s NOCASE orders it', async () => {
    const { sql } = opened;
    const before = new Set((await listNewestTemplates(sql)).map((t) => t.id));
    const beta = await made('beta');
    const alpha = await made('Alpha');
    const cyrillicUpper = await made('Яблоко');
    const cyrillicLower = await made('арбуз');
    const upperB = await made('Beta');
    await recorded(alpha, 'sharya', '2026-01-12');
    const alpha2 = await saveTemplate(sql, alpha.id, content('Alpha', [1, 1, 1]), 'cx', 9_000);
    if (!alpha2.ok) throw new Error('copy');
    const listed = (await listNewestTemplates(sql)).filter((t) => !before.has(t.id)).map((t) => t.id);
    // NOCASE folds ASCII only: «Яблоко» (U+042F) sorts before «арбуз» (U+0430); «beta» and «Beta» by when made.
    expect(listed).toEqual([alpha2.row.id, beta.id, upperB.id, cyrillicUpper.id, cyrillicLower.id]);
  });

  it('a visit is stored once by its id with its register entry, edited against its revision, and frozen once approved', async () => {
    const { sql } = opened;
    const template = await made('Визиты', [2, 5, 3]);
    const id = newRecordId();
    const form = visit(template, 'sharya', '2026-02-01');
    const stored = await createVisit(sql, register, id, form, template, 'cx', 3_000);
    expect(stored).toMatchObject({ ok: true, status: 'stored', row: { id, template_id: template.id, office_id: 'sharya', score: 80, revision: 1, created_by: 'cx', updated_by: 'cx', approved_at: null, approved_by: null } });
    if (!stored.ok) return;
    const entryId = stored.row.register_entry_id!;
    expect(await register.entry(entryId)).toMatchObject({ officeId: 'sharya', tone: 'neutral' });
    expect(await findVisit(sql, id)).toEqual(stored.row);

    expect(await createVisit(sql, register, id, form, template, 'ko', 4_000)).toEqual({ ok: true, status: 'duplicate', row: stored.row });
    expect(await createVisit(sql, register, id, { ...form, notes: 'другое' }, template, 'ko', 4_000)).toMatchObject({ ok: false, error: 'conflict' });

    const other = visit(template, 'sharya', '2026-02-01', { marks: criteriaOf(template).map((c) => ({ criterionId: c.id, mark: 'met', note: '' })) });
    expect(await updateVisit(sql, register, id, 1, { ...other, officeId: 'kostroma' }, template, 'ko', 5_000)).toMatchObject({ ok: false, error: 'fixed', field: 'officeId' });
    expect(await updateVisit(sql, register, id, 1, form, template, 'ko', 5_000)).toEqual({ ok: true, status: 'unchanged', row: stored.row });
    expect(await updateVisit(sql, register, id, 7, other, template, 'ko', 5_000)).toMatchObject({ ok: false, error: 'stale' });
    const updated = await updateVisit(sql, register, id, 1, other, template, 'ko', 5_000);
    expect(updated).toMatchObject({ ok: true, status: 'updated', row: { score: 100, revision: 2, updated_by: 'ko', updated_at: 5_000, created_at: 3_000, register_entry_id: entryId } });
    expect(await register.entry(entryId)).toMatchObject({ tone: 'positive' });
    expect(await updateVisit(sql, register, newRecordId(), 1, other, template, 'ko', 5_000)).toMatchObject({ ok: false, error: 'not-found' });

    const approved = await approveVisit(sql, id, 'head', 6_000);
    expect(approved).toMatchObject({ ok: true, status: 'approved', row: { approved_by: 'head', approved_at: 6_000 } });
    expect(await approveVisit(sql, id, 'other', 7_000)).toMatchObject({ ok: true, status: 'approved', row: { approved_by: 'head', approved_at: 6_000 } });
    expect(await approveVisit(sql, newRecordId(), 'head', 7_000)).toMatchObject({ ok: false, error: 'not-found' });
    expect(await updateVisit(sql, register, id, 2, form, template, 'ko', 8_000)).toMatchObject({ ok: false, error: 'approved', reason: 'отчёт о визите утверждён: изменить его нельзя' });

    await expect(sql.db.updateTable('ms_visit').set({ notes: 'x' }).where('id', '=', id).execute()).rejects.toThrow('ms_visit: approved visit is frozen');
    await expect(sql.db.deleteFrom('ms_visit').where('id', '=', id).execute()).rejects.toThrow('ms_visit: visits are not deleted');
    expect(await findVisit(sql, id)).toEqual(approved.ok ? approved.row : null);
  });

  it('a register that fails to open the entry stores no visit', async () => {
    const { sql } = opened;
    const template = await made('Отказ реестра');
    // The entry is the visit's transaction's last change: a register failing there rolls the visit back.
    const failing: RegisterStore = { ...register, append: () => Promise.reject(new Error('диск полон')) };
    const id = newRecordId();
    await expect(createVisit(sql, failing, id, visit(template, 'sharya', '2026-02-02'), template, 'cx', 1)).rejects.toThrow();
    expect(await findVisit(sql, id)).toBeNull();
  });

  it('refuses a score out of 0..100 and an approval without who approved', async () => {
    const { sql } = opened;
    const template = await made('Проверки');
    const row = { template_id: template.id, office_id: 'sharya', visited_on: '2026-02-03', visited_time: null, scenario: 's', shopper: 'x', marks: '[]', notes: '', conclusions: 'c', proposals: '', body: '{}', register_entry_id: null, created_by: 'cx', created_at: 1, updated_by: 'cx', updated_at: 1 };
    await expect(sql.db.insertInto('ms_visit').values({ ...row, id: newRecordId(), score: 100.5, approved_by: null, approved_at: null }).execute()).rejects.toThrow();
    await expect(sql.db.insertInto('ms_visit').values({ ...row, id: newRecordId(), score: 50, approved_by: null, approved_at: 5 }).execute()).rejects.toThrow();
    await expect(sql.db.insertInto('ms_visit').values({ ...row, id: newRecordId(), template_id: newRecordId(), score: 50, approved_by: null, approved_at: null }).execute()).rejects.toThrow();
    const ok = newRecordId();
    await sql.db.insertInto('ms_visit').values({ ...row, id: ok, score: 33.25, approved_by: null, approved_at: null }).execute();
    expect(await findVisit(sql, ok)).toMatchObject({ score: 33.25, revision: 1, visited_time: null });
  });

  it('lists visits newest first (a visit without its time after that day’s timed ones), by scope, office, family and approval, with their files', async () => {
    const { sql } = opened;
    const template = await made('Список');
    const other = await made('Другой список');
    const untimed = await recorded(template, 'sharya', '2026-03-05', { visitedTime: null });
    const morning = await recorded(template, 'kostroma', '2026-03-05', { visitedTime: '09:00' });
    const evening = await recorded(template, 'sharya', '2026-03-05', { visitedTime: '17:30' });
    const sameTime = await recorded(template, 'sharya', '2026-03-05', { visitedTime: '17:30' });
    const earlier = await recorded(other, 'kostroma', '2026-03-01');
    await recorded(template, 'sharya', '2026-04-01');
    await approveVisit(sql, morning.id, 'head', 1);
    await addAttachment(sql, { id: newRecordId(), visitId: evening.id, name: 'a.png', type: 'image/png', bytes: PNG }, 'cx', 1);
    await addAttachment(sql, { id: newRecordId(), visitId: evening.id, name: 'b.png', type: 'image/png', bytes: PNG }, 'cx', 2);

    const march = { from: '2026-03-01', to: '2026-03-31' };
    const all = await listVisits(sql, march, { officeIds: 'all' });
    expect(all.map((r) => r.id)).toEqual([sameTime.id, evening.id, morning.id, untimed.id, earlier.id]);
    expect(all.find((r) => r.id === evening.id)).toMatchObject({ files: 2, family_id: template.id, template_name: 'Список', template_version: 1 });
    expect(all.find((r) => r.id === untimed.id)).toMatchObject({ files: 0 });
    expect((await listVisits(sql, march, { officeIds: ['kostroma'] })).map((r) => r.id)).toEqual([morning.id, earlier.id]);
    expect(await listVisits(sql, march, { officeIds: [] })).toEqual([]);
    expect((await listVisits(sql, { ...march, officeId: 'sharya' }, { officeIds: 'all' })).map((r) => r.id)).toEqual([sameTime.id, evening.id, untimed.id]);
    expect((await listVisits(sql, { ...march, familyId: other.id }, { officeIds: 'all' })).map((r) => r.id)).toEqual([earlier.id]);
    expect((await listVisits(sql, { ...march, approvedOnly: true }, { officeIds: 'all' })).map((r) => r.id)).toEqual([morning.id]);
    expect((await listVisits(sql, { from: '2026-03-05', to: '2026-03-05' }, { officeIds: 'all' })).length).toBe(4);

    expect(await findVisitListRow(sql, evening.id)).toEqual(all.find((r) => r.id === evening.id));
    expect(await findVisitListRow(sql, newRecordId())).toBeNull();

    const period = parsePeriodKey('2026-03-01_2026-03-31');
    if (!period.ok) throw new Error('period');
    const report = await buildReport(sql, { period: period.value, familyId: template.id, officeId: null, scope: { officeIds: 'all' }, officeName: (id) => id, now: 1, preparedBy: 'cx' });
    expect(report).toMatchObject({ visits: [{ id: morning.id, score: 80 }], draftsLeftOut: 3 });
    expect(await buildReport(sql, { period: period.value, familyId: newRecordId(), officeId: null, scope: { officeIds: 'all' }, officeName: (id) => id, now: 1, preparedBy: 'cx' })).toBeNull();
  });

  it('a file is stored once by its id, its bytes read back as a Buffer, refused past the visit’s limits and once approved', async () => {
    const { sql } = opened;
    const template = await made('Файлы');
    const target = await recorded(template, 'sharya', '2026-02-10');
    const id = newRecordId();
    const file = { id, visitId: target.id, name: 'фото.png', type: 'image/png' as const, bytes: PNG };
    expect(await addAttachment(sql, file, 'cx', 10)).toEqual({ ok: true, status: 'stored', file: { id, name: 'фото.png', type: 'image/png', size: PNG.length, addedBy: 'cx', addedAt: 10 } });
    expect(await addAttachment(sql, file, 'ko', 20)).toMatchObject({ ok: true, status: 'duplicate', file: { addedBy: 'cx', addedAt: 10 } });
    expect(await addAttachment(sql, { ...file, bytes: Buffer.concat([PNG, Buffer.from([1])]) }, 'cx', 20)).toEqual({ ok: false, error: 'conflict', reason: 'файл с этим номером уже приложен с другим содержимым' });
    expect(await addAttachment(sql, { ...file, id: newRecordId(), visitId: newRecordId() }, 'cx', 20)).toEqual({ ok: false, error: 'not-found', reason: 'нет такого визита' });

    const bytes = await attachmentBytes(sql, id);
    expect(Buffer.isBuffer(bytes)).toBe(true);
    expect(bytes!.equals(PNG)).toBe(true);
    expect(await attachmentBytes(sql, newRecordId())).toBeNull();
    expect(await findAttachment(sql, id)).toMatchObject({ id, visitId: target.id, size: PNG.length });
    expect(await findAttachment(sql, newRecordId())).toBeNull();

    // Listed by when added, then by id.
    const second = newRecordId();
    const first = newRecordId();
    await addAttachment(sql, { ...file, id: second, name: 'b.pdf', type: 'application/pdf', bytes: Buffer.from('%PDF-1.4 b') }, 'cx', 5);
    await addAttachment(sql, { ...file, id: first, name: 'a.pdf', type: 'application/pdf', bytes: Buffer.from('%PDF-1.4 a') }, 'cx', 5);
    expect((await listAttachments(sql, target.id)).map((f) => f.id)).toEqual([...[second, first].sort(), id]);

    // 20 MB for all of a visit's files.
    const big = await recorded(template, 'sharya', '2026-02-11');
    const mb = (n: number) => Buffer.alloc(n * 1024 * 1024, 1);
    expect(await addAttachment(sql, { ...file, id: newRecordId(), visitId: big.id, bytes: mb(19) }, 'cx', 1)).toMatchObject({ ok: true, status: 'stored' });
    expect(await addAttachment(sql, { ...file, id: newRecordId(), visitId: big.id, bytes: mb(2) }, 'cx', 1)).toEqual({ ok: false, error: 'visit-full', reason: 'все файлы визита вместе — не больше 20 МБ; осталось 1,0 МБ' });

    // 30 files at most.
    const many = await recorded(template, 'sharya', '2026-02-12');
    for (let i = 0; i < 30; i++) expect(await addAttachment(sql, { ...file, id: newRecordId(), visitId: many.id, bytes: Buffer.concat([PNG, Buffer.from([i])]) }, 'cx', i)).toMatchObject({ ok: true });
    expect(await addAttachment(sql, { ...file, id: newRecordId(), visitId: many.id }, 'cx', 99)).toEqual({ ok: false, error: 'visit-full', reason: 'к визиту приложено уже 30 файлов: больше не принимается' });

    // Deleted with its bytes; nothing added or deleted once approved.
    expect(await deleteAttachment(sql, first)).toEqual({ ok: true });
    expect(await attachmentBytes(sql, first)).toBeNull();
    expect(await deleteAttachment(sql, first)).toEqual({ ok: false, error: 'not-found', reason: 'нет такого файла' });
    await approveVisit(sql, target.id, 'head', 50);
    expect(await deleteAttachment(sql, id)).toEqual({ ok: false, error: 'approved', reason: 'отчёт о визите утверждён: файлы не удаляются' });
    expect(await addAttachment(sql, { ...file, id: newRecordId() }, 'cx', 60)).toEqual({ ok: false, error: 'approved', reason: 'отчёт о визите утверждён: файлы больше не прикладываются' });
    // A resend of a file already held is still answered as such.
    expect(await addAttachment(sql, file, 'cx', 60)).toMatchObject({ ok: true, status: 'duplicate' });
    await expect(sql.db.deleteFrom('ms_attachment').where('id', '=', id).execute()).rejects.toThrow('ms_attachment: visit approved');
    const row = { visit_id: target.id, name: 'x.png', type: 'image/png' as const, size: 1, sha256: 'x', added_by: 'cx', added_at: 1 };
    await expect(sql.db.insertInto('ms_attachment').values({ ...row, id: newRecordId() }).execute()).rejects.toThrow('ms_attachment: visit approved');
    expect((await listAttachments(sql, target.id)).map((f) => f.id)).toEqual([second, id]);
  });

  it('refuses a file type or size the table does not know', async () => {
    const { sql } = opened;
    const template = await made('Типы');
    const target = await recorded(template, 'sharya', '2026-02-13');
    const row = { visit_id: target.id, name: 'x', size: 1, sha256: 'x', added_by: 'cx', added_at: 1 };
    await expect(sql.db.insertInto('ms_attachment').values({ ...row, id: newRecordId(), type: 'image/gif' as 'image/png' }).execute()).rejects.toThrow();
    await expect(sql.db.insertInto('ms_attachment').values({ ...row, id: newRecordId(), type: 'image/png', size: 0 }).execute()).rejects.toThrow();
    expect(await listAttachments(sql, target.id)).toEqual([]);
    // Bytes belong to a file.
    await expect(sql.db.insertInto('ms_attachment_data').values({ attachment_id: newRecordId(), data: PNG }).execute()).rejects.toThrow();
    expect((await raw<{ n: number | string }>`SELECT count(*) AS n FROM ms_attachment_data WHERE attachment_id NOT IN (SELECT id FROM ms_attachment)`.execute(sql.db)).rows[0]).toMatchObject({ n: 0 });
  });
});
