import { CompiledQuery } from 'kysely';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultMigrationsDir, openDatabase } from '../db/open.ts';
import { defaultPgMigrationsDir } from '../central-pg/migrate.ts';
import { BOTH_DATABASES, type OpenedDatabase } from '../../test/support/both-databases.ts';
import { makeTempDir, removeTempDirs } from '../../test/support/temp-dirs.ts';
import { insertOffice, readOffice, readOffices, setOfficeClosed } from '../db/offices.ts';
import { storeRefusal } from '../interviewer/refusals.ts';
import { findOfficeKey, issueOfficeKey, listOfficeKeys, revokeOfficeKeys, type IssuedOfficeKey } from '../central/office-keys.ts';
import { createOfficeSyncStore, listOfficeSync } from '../central/office-sync.ts';
import { INSERT_DEAD_LETTERS } from '../ingest/dead-letters.ts';
import { DEAD_LETTER_INSERT, listReceivedDeadLetters } from '../ingest/dead-letters.ts';
import { createReplayCache } from '../central/replay-cache.ts';
import { callQueue, createCampaign, importCalls, listCampaigns } from '../phone-survey/campaign-store.ts';
import { addEvidence, createMeasure, createPain, listPains } from '../pain-map/pain-store.ts';
import { newRecordId } from '../../shared/ids.ts';
import { templateContentSchema, visitContentSchema } from '../../shared/mystery-shopper.ts';
import { addAttachment, attachmentBytes, listAttachments } from '../mystery-shopper/attachment-store.ts';
import { createTemplate, criteriaOf } from '../mystery-shopper/template-store.ts';
import { approveVisit, createVisit, findVisit } from '../mystery-shopper/visit-store.ts';
import { createRegisterStore } from '../register/register-store.ts';
import { listRegister } from '../register/register-query.ts';
import { registerEventSchema } from '../../shared/register.ts';
import { findArchived, listArchive, recordArchived, recordMail } from '../reports/archive.ts';
import { audit, listAudit, SHELL_ACTOR } from '../staff/audit.ts';
import { checkMovedTables, copyMovedTables, MOVED_TABLES, TargetNotEmptyError } from './copy-tables.ts';
import { createAlertRuleStore } from '../db/alert-rule-store.ts';
import { readConfigState, recordApplied } from '../db/regional-config-state.ts';
import { readServices, replaceServices, seedDefaultServices } from '../db/services.ts';
import { bumpRevision, currentRevision, listOfficeReports, recordOfficeReport } from '../regional-config/revisions.ts';
import { invitationCodeStore } from '../invitations/code-store.ts';
import { countIssuedInvitations, findInvitationUse, spendInvitation, recordIssuedInvitation } from '../invitations/invitation-store.ts';
import { shortCodeHash } from '../invitations/short-code.ts';
import { rememberReminder } from '../register/register-reminders.ts';
import { createPairingCode } from '../staff/device-pairing.ts';
import { createDeviceCredentials, listDevices, registerDevice, revokeDevice } from '../devices/credentials.ts';
import { createLinkStore } from '../devices/link-store.ts';
import { createHealthQueries } from '../devices/health-queries.ts';
import { createRecordStore } from '../db/record-rows.ts';
import { createOfficeInvitationDayStore } from '../central/office-invitation-days.ts';
import { heartbeat, panelStatus } from '../../test/support/test-records.ts';
import { staffSurveyTemplate } from '../../shared/surveys/staff-survey-template.ts';
import { keepSurveyVersion, loadedSurveyVersionStore, replaceSurveyOffers } from '../db/survey-versions.ts';
import { storeSurveyRecordsPg } from '../central-pg/survey-records-pg.ts';
import { listSummaries } from '../interviewer/office-summary.ts';
import { countSurveyAnswers, readAnswerRows, readSurveyResults } from '../surveys/survey-results.ts';
import type { SurveyAnswers } from '../../shared/surveys/answer-types.ts';
import { summaryFigures } from '../../shared/surveys/summary-figures.ts';
import { sampleDefinition } from '../../test/support/sample-survey.ts';
import { openStaffLink, printStaffLinks, staffLinkCounts } from '../surveys/staff-links.ts';
import { createSurvey, publishDraft, readSurvey, saveDraft } from '../surveys/survey-store.ts';

/** The central's own tables copied from its SQLite into its PostgreSQL: exact, ids kept, all or nothing. */
const [sqlite, postgres] = BOTH_DATABASES;
let from: OpenedDatabase;
let to: OpenedDatabase;

const entry = (periodKey: string, generatedAt: number) => ({
  kind: 'monthly' as const,
  periodKey,
  periodLabel: `месяц ${periodKey} — «кавычки», \\ и ' `,
  generatedAt,
  cause: 'schedule' as const,
  xlsxFile: `monthly/${periodKey}.xlsx`,
  csvFile: `monthly/${periodKey}.csv`,
});

beforeAll(async () => {
  from = await sqlite!.open();
  to = await postgres!.open();
});
afterAll(async () => {
  await from?.close();
  await to?.close();
  removeTempDirs();
});

describe('copying the moved tables from SQLite into PostgreSQL', () => {
  it('copies every row with its id, then PostgreSQL numbers new rows past them', async () => {
    for (let month = 1; month <= 12; month++) await recordArchived(from.sql, entry(`2025-${String(month).padStart(2, '0')}`, month * 1000));
    const third = (await listArchive(from.sql)).find((r) => r.periodKey === '2025-03')!;
    await recordMail(from.sql, third.id, 'failed', 'SMTP: 550 почтовый ящик недоступен');

    // A campaign and its calls (a child table with its own identity), an exit-poll refusal.
    const campaign = await createCampaign(from.sql, { title: 'Обзвон', script: 'Здравствуйте!' }, 'cx', 1_000);
    await importCalls(from.sql, campaign, ['1', '2', '3'].map((n) => ({ phone: `+7903000000${n}`, officeId: 'sharya', serviceDate: '2025-12-01' })));
    await storeRefusal(from.sql.db, { kind: 'interviewer-refusal', id: '01936f3e-0000-7000-8000-000000000001', officeId: 'sharya', surveyId: 'exit', version: 1, bornAt: new Date(1_000).toISOString() }, 2_000);
    // The pain map: children (evidence, measures) after their pain, an identity (evidence) moved past its ids.
    const pain = await createPain(from.sql, { quarter: '2026-Q4', process: 'Приём', officeId: null, title: 'Очередь', description: '', priority: 'high', topicId: null }, 'cx', 1000);
    const evidence = await addEvidence(from.sql, pain, { kind: 'note', ref: null, text: 'Книга отзывов' }, 'cx', 1000);
    await createMeasure(from.sql, pain, { officeId: 'sharya', text: 'Запись по времени', owner: 'Начальник', dueOn: '2026-11-15', startedOn: '2026-10-01', target: 'panel' }, 'cx', 1000);
    // The office directory (first of the moved tables: SQLite's office_key and others refer to it), a closed office among them.
    for (const id of ['sharya', 'buy', 'neya']) await insertOffice(from.sql, { id, name: `Отдел ${id}`, kind: id === 'neya' ? 'otdel' : 'otdelenie', address: 'адрес' });
    await setOfficeClosed(from.sql, 'neya', 4_000);
    // Office keys, a revoked one among them, and signatures the central has seen.
    const keys: IssuedOfficeKey[] = [];
    for (const officeId of ['sharya', 'buy', 'sharya']) {
      const issued = await issueOfficeKey(from.sql, { id: officeId, closedAt: null }, keys.length * 1000, { rotate: true });
      if (!issued.ok) throw new Error(issued.reason);
      keys.push(issued.value);
    }
    await revokeOfficeKeys(from.sql, 'sharya', 5_000, keys[0]!.keyId);
    const seen = createReplayCache(from.sql);
    for (const signature of ['sig-1', 'sig-2']) await seen.remember(signature, 300_000, 1_000);
    // The offices' forwarding status, written by the SQLite receive path's own statement.
    const syncs = createOfficeSyncStore(from.sqlite!);
    syncs.record({ officeId: 'sharya', keyId: keys[1]!.keyId, now: 4_000, oldestReceivedAt: 1_000, stored: 12, backlog: 3, backlogOldestAt: 2_000 });
    syncs.record({ officeId: 'buy', keyId: keys[1]!.keyId, now: 4_500, oldestReceivedAt: null, stored: 0, backlog: 0, backlogOldestAt: null });
    // Dead letters (an identity: seq), written by SQLite's own insert.
    const deadLetter = from.sqlite!.prepare(DEAD_LETTER_INSERT);
    for (const i of [1, 2]) deadLetter.run(`rec-${i}`, 'press', 'conflict', `{"id":"rec-${i}"}`, 'office:sharya', 3_000 + i);

    // The audit log: append-only (its triggers are off only inside the copy), its seq kept.
    for (let i = 0; i < 7; i++) await audit(from.sql, { at: 1_000 + i, actor: i === 0 ? SHELL_ACTOR : 'admin', action: 'user.create', target: `user-${i}`, ...(i % 2 ? { ip: '10.0.0.5' } : {}) });

    // The regional configuration: a setting, revisions, an office's report (its office made above), the office hub's state.
    const rules = createAlertRuleStore([]);
    await rules.replace(from.sql, [{ windowMinutes: 30, minPresses: 3, share: 0.5, maxScore: 1 }], 'cx', 1000);
    await bumpRevision(from.sql, { actor: 'admin', what: 'список услуг', now: 1000 });
    await bumpRevision(from.sql, { actor: 'admin', what: 'правила сигналов', now: 2000 });
    await recordOfficeReport(from.sql, 'sharya', 1, 3000);
    await recordApplied(from.sql, { revision: 7, schemaVersion: 1, changedAt: 500, now: 600 });
    // The service list: the defaults, then a list of two (the rest kept inactive).
    await seedDefaultServices(from.sql);
    await replaceServices(from.sql, { services: [{ id: 'other', name: 'Другое', active: true }, { id: 'new-one', name: 'Новая услуга', active: false }] });

    // Short invitation codes and a spent invitation (BLOB keys: bytea on PostgreSQL).
    for (const [code, token] of [['K7QM3XZPHA4T', 'v1.token-a'], ['AAAABBBBCCCC', 'v1.token-b']] as const) {
      await invitationCodeStore(from.sql).register({ codeHash: shortCodeHash(code), token, officeId: 'sharya', expiresAt: 9_000 }, 1_000);
    }
    const spent = shortCodeHash('spent-token');
    await spendInvitation(from.sql.db, spent, { officeId: 'sharya', responseId: 'resp-1', usedAt: 1_500 });

    // Issued invitations and their day counts (kept by the trigger at the source; the copy disables it, so each is counted once).
    for (const [i, channel] of (['visit-qr', 'visit-qr', 'email-link'] as const).entries()) {
      await recordIssuedInvitation(from.sql, { tokenHash: shortCodeHash(`issued-${i}`), officeId: 'sharya', channel, desk: i === 0 ? '2' : null, serviceId: null, issuedBy: 'clerk', issuedAt: 1_000 + i, expiresAt: 90_000 });
    }
    // The office's acknowledgement of the counts sent (hub/forward/issued-days.ts, SQLite only) as a plain update.
    await from.sql.db.updateTable('invitation_day').set({ forwarded: 2 }).where('channel', '=', 'visit-qr').execute();

    // The register's mailed reminders and a device's pairing code (BLOB key, used_at NULL).
    await rememberReminder(from.sql, { entryId: 'entry-1', what: 'register', dueOn: '2026-03-05', kind: 'before' }, 1_000);
    await rememberReminder(from.sql, { entryId: 'entry-1', what: 'register', dueOn: '2026-03-05', kind: 'missed' }, 2_000);
    await createPairingCode(from.sql, { deviceId: 'sharya-kiosk-1', officeId: 'sharya', kind: 'kiosk', name: 'Киоск' }, 'aho', 3_000);
    // The register: an entry with a step (its fold and folded words), and an event waiting for its `opened`.
    const register = createRegisterStore(from.sql);
    const appealId = newRecordId();
    const appeal = registerEventSchema.parse({ id: appealId, entryId: appealId, officeId: 'sharya', bornAt: new Date(1_000).toISOString(), by: 'clerk', step: 'opened', receivedOn: '2026-03-02', details: { channel: 'written-appeal', incomingNumber: null }, summary: 'Ёлка и ОЧЕРЕДЬ', tone: 'negative', topics: [], author: { name: 'Петров', address: 'Шарья', contacts: null }, answerOwed: true });
    expect(await register.append(appeal, 1_500)).toMatchObject({ ok: true, status: 'stored' });
    expect(await register.append(registerEventSchema.parse({ id: newRecordId(), entryId: appealId, officeId: 'sharya', bornAt: new Date(2_000).toISOString(), by: 'cx', step: 'measures', text: 'Беседа' }), 2_500)).toMatchObject({ ok: true });
    const orphan = registerEventSchema.parse({ id: newRecordId(), entryId: newRecordId(), officeId: 'sharya', bornAt: new Date(2_000).toISOString(), by: 'cx', step: 'measures', text: 'Позже' });
    await from.sql.transaction((trx) => register.receive(trx, [orphan], 3_000));

    // A staff survey published twice, on offer at version 2, with three links (BLOB keys), one spent.
    const staffSurvey = await createSurvey(from.sql, staffSurveyTemplate(2026), 'cx', 1_000);
    await publishDraft(from.sql, staffSurvey, 1_100);
    await saveDraft(from.sql, staffSurvey, { ...staffSurveyTemplate(2026), meta: { ...staffSurveyTemplate(2026).meta, targetN: 40 } }, 'cx', 1_200);
    await publishDraft(from.sql, staffSurvey, 1_300);
    await replaceSurveyOffers(from.sql, [{ surveyId: staffSurvey, version: 2 }]);
    // A built survey's answers (four, one stored after its first count) and an exit poll's summary form.
    await keepSurveyVersion(from.sql, { surveyId: 'digital', version: 1, publishedAt: '2026-12-01T00:00:00.000Z', definition: sampleDefinition });
    const surveyVersions = await loadedSurveyVersionStore(from.sql);
    const surveyRecords = createRecordStore(from.sqlite!, surveyVersions.lookup);
    const surveyAnswer = (i: number, answers: SurveyAnswers) =>
      ({ kind: 'survey-answer', id: `0190a000-0000-7000-8000-00000000000${i}`, officeId: i % 2 ? 'sharya' : 'buy', deviceId: 'kiosk-1', bornAt: new Date(1_000 + i).toISOString(), surveyId: 'digital', version: 1, channel: 'kiosk', answers, complete: i !== 2 }) as const;
    for (const [i, answers] of [{ used: true, ease: 5, note: 'Всё «понятно» \\ ок' }, { used: false, where: 'home' }, { used: true, ease: 1, what: { chosen: ['cv'], other: 'курсы' } }].entries()) {
      from.sqlite!.transaction(() => surveyRecords.insert(surveyAnswer(i, answers), 1_500))();
    }
    expect((await readSurveyResults(from.sql, surveyVersions.versionsOf('digital'), 'digital', { version: null, officeId: null, channel: null })).ok).toBe(true);
    from.sqlite!.transaction(() => surveyRecords.insert(surveyAnswer(3, { used: true, ease: 4, nps: 9 }), 1_600))();
    const form = { kind: 'survey-summary', id: '0190a000-0000-7000-9000-000000000001', officeId: 'sharya', deviceId: 'interviewer', bornAt: new Date(2_000).toISOString(), surveyId: 'digital', version: 1, period: { from: '2026-12-01', to: '2026-12-01' }, filledBy: 'ivanova', figures: summaryFigures(sampleDefinition, [], 1), remarks: 'ёлка' } as const;
    from.sqlite!.transaction(() => surveyRecords.insert(form, 2_100))();
    const links = await printStaffLinks({ sql: from.sql, surveyVersions }, staffSurvey, 'sharya', 3);
    if (!links.ok) throw new Error(links.reason);
    await from.sql.db.updateTable('staff_survey_link').set({ spent: 1 }).where('token_hash', '=', createHash('sha256').update(links.tokens[2]!).digest()).execute();
    // Devices (BLOB token hash, one revoked), a link state, seven events (an identity), two panels.
    const driverToken = await registerDevice(from.sql, { id: 'sharya-drv', officeId: 'sharya', kind: 'panel-driver', name: 'Пульты «зал»' }, 1_000);
    await registerDevice(from.sql, { id: 'buy-kiosk', officeId: 'buy', kind: 'kiosk', name: 'Киоск' }, 1_000);
    await revokeDevice(from.sql, 'buy-kiosk', 2_000);
    const linkStore = createLinkStore(from.sql);
    const deviceLinks = { device: { online: true, since: 1_000, disconnects: null }, panels: new Map([['p1', { online: false, since: 1_500, disconnects: 4 }]]) };
    await from.sql.transaction(async (trx) => {
      await linkStore.save(trx, 'sharya', 'sharya-drv', deviceLinks, ['', 'p1'], Array.from({ length: 7 }, (_, i) => ({ panelId: i % 2 ? 'p1' : '', kind: 'online' as const, at: 1_000 + i, cause: 'first' })));
      await linkStore.notePanel(trx, { officeId: 'sharya', panelId: 'p1', deviceId: 'sharya-drv', firstSeenAt: 1_000 });
      await linkStore.notePanel(trx, { officeId: 'sharya', panelId: 'p2', deviceId: 'sharya-drv', firstSeenAt: 1_200 });
    });

    // Heartbeats (the records' uuids, the body kept byte for byte) and an office's reported invitation days.
    const beats = createRecordStore(from.sqlite!);
    for (const [i, at] of [1_000, 2_000, 3_000].entries()) beats.insert(heartbeat('sharya-drv', at, { backlog: i, panels: [panelStatus('p1', { desk: 'окно «1» \\' })] }), at + 40);
    beats.insert(heartbeat('buy-kiosk', 2_500, { officeId: 'buy', deviceKind: 'kiosk' }), 2_540);
    createOfficeInvitationDayStore(from.sqlite!).record('sharya', [{ day: '2026-11-02', channel: 'visit-qr', issued: 5 }, { day: '2026-11-02', channel: 'email-link', issued: 2 }], 4_000);

    const checks = await copyMovedTables(from.sql, to.sql, { chunk: 5 });
    expect(checks.map((c) => c.table)).toEqual(MOVED_TABLES.map((t) => t.name));
    expect(checks.every((c) => c.ok)).toBe(true);
    const archive = checks.find((c) => c.table === 'report_archive')!;
    expect(archive).toEqual({ table: 'report_archive', source: { rows: 12, checksum: expect.stringMatching(/^[0-9a-f]{16}$/) }, target: { rows: 12, checksum: archive.source.checksum }, ok: true });
    expect(Object.fromEntries(checks.map((c) => [c.table, c.source.rows]))).toMatchObject({ report_archive: 12, phone_campaign: 1, phone_call: 3, interviewer_refusal: 1, office_key: 3, hub_request_seen: 2, office: 3, office_sync: 2, dead_letter: 2 });
    expect(await listOfficeSync(to.sql)).toEqual(await listOfficeSync(from.sql));
    expect(await listReceivedDeadLetters(to.sql, { limit: 10 })).toEqual(await listReceivedDeadLetters(from.sql, { limit: 10 }));
    await to.sql.db.executeQuery(CompiledQuery.raw(INSERT_DEAD_LETTERS, [['rec-3'], ['press'], ['conflict'], ['{}'], ['office:buy'], [3_003]]));
    expect((await listReceivedDeadLetters(to.sql, { limit: 10 })).map((d) => d.seq)).toEqual([3, 2, 1]);
    expect(await readOffices(to.sql)).toEqual(await readOffices(from.sql));
    expect(await readOffice(to.sql, 'neya')).toMatchObject({ kind: 'otdel', closedAt: 4_000 });
    expect(await listOfficeKeys(to.sql)).toEqual(await listOfficeKeys(from.sql));
    expect(await findOfficeKey(to.sql, keys[2]!.keyId)).toEqual({ keyId: keys[2]!.keyId, officeId: 'sharya', secret: keys[2]!.secret, createdAt: 2000, revokedAt: null });
    expect(await findOfficeKey(to.sql, keys[0]!.keyId)).toMatchObject({ revokedAt: 5_000 });
    expect(await createReplayCache(to.sql).remember('sig-2', 300_000, 2_000)).toBe(false);
    const all = { officeIds: 'all' as const };
    expect(await listCampaigns(to.sql, all)).toEqual(await listCampaigns(from.sql, all));
    const calls = await callQueue(from.sql, campaign, all, 0);
    expect(await callQueue(to.sql, campaign, all, 0)).toEqual(calls);
    await importCalls(to.sql, campaign, [{ phone: '+79030000004', officeId: 'sharya', serviceDate: '2025-12-01' }]);
    expect((await callQueue(to.sql, campaign, all, 0)).at(-1)!.id).toBeGreaterThan(Math.max(...calls.map((c) => c.id)));
    expect(await listPains(to.sql, '2026-Q4', { officeIds: 'all' })).toEqual(await listPains(from.sql, '2026-Q4', { officeIds: 'all' }));
    expect(await addEvidence(to.sql, pain, { kind: 'note', ref: null, text: 'ещё' }, 'cx', 2000)).toBeGreaterThan(evidence);
    expect(await listArchive(to.sql)).toEqual(await listArchive(from.sql));
    expect(await findArchived(to.sql, third.id)).toMatchObject({ mailStatus: 'failed', mailDetail: 'SMTP: 550 почтовый ящик недоступен' });

    const audited = await listAudit(from.sql, { limit: 100 });
    expect(await listAudit(to.sql, { limit: 100 })).toEqual(audited);
    await audit(to.sql, { at: 9_000, actor: 'admin', action: 'login.ok' });
    expect((await listAudit(to.sql, { limit: 1 }))[0]!.seq).toBeGreaterThan(audited[0]!.seq);
    await expect(to.sql.db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
    expect(Object.fromEntries(checks.map((c) => [c.table, c.source.rows]))).toMatchObject({ setting: 1, config_revision: 2, office_config_report: 1, regional_config_state: 1 });
    expect(await rules.load(to.sql)).toEqual(await rules.load(from.sql));
    expect(await currentRevision(to.sql)).toEqual({ revision: 2, changedAt: 2000, actor: 'admin', what: 'правила сигналов' });
    expect(await listOfficeReports(to.sql)).toEqual(await listOfficeReports(from.sql));
    expect(await readConfigState(to.sql)).toEqual(await readConfigState(from.sql));
    expect((await readConfigState(to.sql)).revision).toBe(7);
    expect(checks.find((c) => c.table === 'service')?.source.rows).toBe(9);
    expect(await readServices(to.sql)).toEqual(await readServices(from.sql));
    expect((await readServices(to.sql)).filter((s) => s.id === 'other' || s.id === 'new-one')).toEqual([
      { id: 'other', name: 'Другое', position: 1, active: true },
      { id: 'new-one', name: 'Новая услуга', position: 2, active: false },
    ]);
    expect(Object.fromEntries(checks.map((c) => [c.table, c.source.rows]))).toMatchObject({ invitation_code: 2, invitation_use: 1 });
    expect(await invitationCodeStore(to.sql).tokenFor(shortCodeHash('K7QM3XZPHA4T'))).toBe('v1.token-a');
    expect(await invitationCodeStore(to.sql).register({ codeHash: shortCodeHash('AAAABBBBCCCC'), token: 'v1.other', officeId: 'sharya', expiresAt: 9_000 }, 2_000)).toBe('taken');
    expect(await findInvitationUse(to.sql.db, spent)).toEqual({ officeId: 'sharya', responseId: 'resp-1', usedAt: 1_500 });
    expect(Object.fromEntries(checks.map((c) => [c.table, c.source.rows]))).toMatchObject({ invitation: 3, invitation_day: 2 });
    expect(await countIssuedInvitations(to.sql, 'sharya', 0)).toEqual({ 'visit-qr': 2, 'email-link': 1 });
    const unforwarded = () => to.sql.db.selectFrom('invitation_day').select(['channel', 'issued']).whereRef('issued', '<>', 'forwarded').orderBy('channel').execute();
    expect(await unforwarded()).toEqual([{ channel: 'email-link', issued: 1 }]);
    await recordIssuedInvitation(to.sql, { tokenHash: shortCodeHash('issued-3'), officeId: 'sharya', channel: 'visit-qr', desk: null, serviceId: null, issuedBy: 'clerk', issuedAt: 2_000, expiresAt: 90_000 });
    expect(await unforwarded()).toEqual([
      { channel: 'email-link', issued: 1 },
      { channel: 'visit-qr', issued: 3 },
    ]);
    expect(Object.fromEntries(checks.map((c) => [c.table, c.source.rows]))).toMatchObject({ register_reminder: 2, pairing_code: 1 });
    expect(await to.sql.db.selectFrom('register_reminder').select(['kind', 'sent_at']).orderBy('kind').execute()).toEqual([
      { kind: 'before', sent_at: 1_000 },
      { kind: 'missed', sent_at: 2_000 },
    ]);
    expect(Object.fromEntries(checks.map((c) => [c.table, c.source.rows]))).toMatchObject({ register_event: 3, register_entry: 1 });
    expect(await createRegisterStore(to.sql).entry(appealId)).toEqual(await register.entry(appealId));
    expect(await createRegisterStore(to.sql).events(appealId)).toEqual(await register.events(appealId));
    expect(await to.sql.db.selectFrom('register_entry').select(['words', 'due_on', 'remind_on', 'born_at']).execute()).toEqual([{ words: 'елка и очередь\nбеседа\n', due_on: '2026-03-05', remind_on: '2026-03-03', born_at: 1_000 }]);
    expect((await listRegister(to.sql, { page: 1, q: 'ёЛКа' }, { officeIds: 'all' }, '2026-03-10')).total).toBe(1);
    expect(await to.sql.db.selectFrom('pairing_code').select(['device_id', 'expires_at', 'used_at']).execute()).toEqual([{ device_id: 'sharya-kiosk-1', expires_at: 3_000 + 600_000, used_at: null }]);

    expect(Object.fromEntries(checks.map((c) => [c.table, c.source.rows]))).toMatchObject({ survey: 1, survey_version: 3, survey_offer: 1, staff_survey_link: 3 });
    expect(Object.fromEntries(checks.map((c) => [c.table, c.source.rows]))).toMatchObject({ survey_answer: 4, survey_summary: 1, survey_tally_version: 1, survey_tally_total: 2 });
    const allCut = { version: null, officeId: null, channel: null };
    const copiedResults = await readSurveyResults(to.sql, surveyVersions.versionsOf('digital'), 'digital', allCut);
    expect(copiedResults).toEqual(await readSurveyResults(from.sql, surveyVersions.versionsOf('digital'), 'digital', allCut));
    expect(copiedResults.ok && copiedResults.results.respondents).toBe(4);
    expect(await countSurveyAnswers(to.sql)).toEqual(new Map([['digital', new Map([[1, 4]])]]));
    expect(await readAnswerRows(to.sql, surveyVersions.versionsOf('digital')[0]!, allCut)).toEqual(await readAnswerRows(from.sql, surveyVersions.versionsOf('digital')[0]!, allCut));
    expect(await listSummaries(to.sql, { surveyId: 'digital', version: null, officeId: null })).toEqual([{ ...form, receivedAt: new Date(2_100).toISOString() }]);
    // The copied tally goes on counting: a fifth answer stored on PostgreSQL is added to it.
    expect(await to.sql.transaction((trx) => storeSurveyRecordsPg(trx, [surveyAnswer(4, { used: true, ease: 3 }), surveyAnswer(0, { used: true, ease: 5, note: 'Всё «понятно» \\ ок' })], surveyVersions.lookup, 3_000))).toEqual([
      { id: surveyAnswer(4, {}).id, status: 'stored' },
      { id: surveyAnswer(0, {}).id, status: 'duplicate' },
    ]);
    const grown = await readSurveyResults(to.sql, surveyVersions.versionsOf('digital'), 'digital', allCut);
    expect(grown.ok && grown.results.respondents).toBe(5);
    expect(await readSurvey(to.sql, staffSurvey, new Map())).toEqual(await readSurvey(from.sql, staffSurvey, new Map()));
    expect((await loadedSurveyVersionStore(to.sql)).offered()).toEqual(surveyVersions.offered());
    expect(await staffLinkCounts(to.sql, staffSurvey)).toEqual([{ officeId: 'sharya', printed: 3, answered: 1 }]);
    expect(await openStaffLink(to.sql, surveyVersions, links.tokens[0]!, Date.parse('2026-06-01T09:00:00Z'))).toMatchObject({ ok: true, surveyId: staffSurvey, officeId: 'sharya' });
    expect(await openStaffLink(to.sql, surveyVersions, links.tokens[2]!, Date.parse('2026-06-01T09:00:00Z'))).toEqual({ ok: false, reason: 'spent' });
    expect(await publishDraft(to.sql, staffSurvey, 2_000)).toMatchObject({ ok: true, created: false, version: { version: 2 } });

    expect(Object.fromEntries(checks.map((c) => [c.table, c.source.rows]))).toMatchObject({ device: 2, device_link: 2, device_event: 7, device_panel: 2 });
    expect(await listDevices(to.sql)).toEqual(await listDevices(from.sql));
    const copiedDevices = createDeviceCredentials();
    await copiedDevices.load(to.sql);
    expect(copiedDevices.authenticate(driverToken)).toMatchObject({ id: 'sharya-drv', officeId: 'sharya', name: 'Пульты «зал»' });
    const copiedLinks = createLinkStore(to.sql);
    expect(await copiedLinks.load('sharya', 'sharya-drv')).toEqual(deviceLinks);
    expect(await copiedLinks.panels(null)).toEqual(await linkStore.panels(null));
    await to.sql.transaction((trx) => copiedLinks.save(trx, 'sharya', 'sharya-drv', deviceLinks, [], [{ panelId: '', kind: 'offline', at: 9_000, cause: 'silence' }]));
    expect((await copiedLinks.events('sharya', 'sharya-drv', 8)).map((e) => e.at)).toEqual([9_000, 1_006, 1_005, 1_004, 1_003, 1_002, 1_001, 1_000]);

    expect(Object.fromEntries(checks.map((c) => [c.table, c.source.rows]))).toMatchObject({ heartbeat: 4, office_invitation_day: 2 });
    for (const [officeId, deviceId] of [['sharya', 'sharya-drv'], ['buy', 'buy-kiosk']] as const) {
      expect(await createHealthQueries(to.sql).latestHeartbeat(officeId, deviceId)).toEqual(await createHealthQueries(from.sql).latestHeartbeat(officeId, deviceId));
      expect(await createHealthQueries(to.sql).recentHeartbeatTimes(officeId, deviceId, 6)).toEqual(await createHealthQueries(from.sql).recentHeartbeatTimes(officeId, deviceId, 6));
    }
    expect((await createHealthQueries(to.sql).latestHeartbeat('sharya', 'sharya-drv'))?.body?.backlog).toBe(2);
    expect(await to.sql.db.selectFrom('office_invitation_day').selectAll().orderBy('channel').execute()).toEqual(await from.sql.db.selectFrom('office_invitation_day').selectAll().orderBy('channel').execute());

    const next = await recordArchived(to.sql, entry('2026-01', 99_000));
    expect(next.id).toBeGreaterThan(Math.max(...(await listArchive(from.sql)).map((r) => r.id)));
  });

  it('a change on either side shows in the check', async () => {
    const check = (await checkMovedTables(from.sql, to.sql)).find((c) => c.table === 'report_archive');
    expect(check).toMatchObject({ source: { rows: 12 }, target: { rows: 13 }, ok: false });
  });

  it('refuses to replace rows already in PostgreSQL unless told, and changes nothing then', async () => {
    await expect(copyMovedTables(from.sql, to.sql)).rejects.toThrow(TargetNotEmptyError);
    expect(await listArchive(to.sql)).toHaveLength(13);

    const checks = await copyMovedTables(from.sql, to.sql, { replace: true });
    expect(checks.every((c) => c.ok)).toBe(true);
    expect(await listArchive(to.sql)).toEqual(await listArchive(from.sql));
  });
});

describe('copying a page at a time', () => {
  it('composite keys cross page boundaries without a row lost or doubled', async () => {
    const source = await sqlite!.open();
    const target = await postgres!.open();
    try {
      const at = 1_700_000_000_000;
      for (const id of [1, 2, 3]) await source.sql.db.insertInto('staff_user').values({ id, login: `user${id}`, display_name: `Пользователь ${id}`, password_hash: null, password_changed_at: null, created_at: at, disabled_at: null }).execute();
      // For each user: the role for every office ('') and the same role for two offices, in pages of two.
      const roles = [1, 2, 3].flatMap((user_id) => ['', 'buy', 'sharya'].map((office_id) => ({ user_id, role: 'cx' as const, office_id })));
      await source.sql.db.insertInto('staff_role').values(roles).execute();
      const tables = MOVED_TABLES.filter((t) => t.name === 'staff_user' || t.name === 'staff_role');
      const checks = await copyMovedTables(source.sql, target.sql, { tables, chunk: 2 });
      expect(checks.map((c) => [c.table, c.source.rows, c.target.rows, c.ok])).toEqual([['staff_user', 3, 3, true], ['staff_role', 9, 9, true]]);
    } finally {
      await source.close();
      await target.close();
    }
  });
});

describe('copying the mystery shopper', () => {
  it('copies approved visits with their files, bytes exact, again over what it copied before, and the database stays frozen after', async () => {
    {
      const register = createRegisterStore(from.sql);
      const content = templateContentSchema.parse({ name: 'Анкета', scenario: 'Сценарий', criteria: [{ text: 'Поздоровался', weight: 2 }, { text: 'Назвал документы', weight: 5 }] });
      const made = await createTemplate(from.sql, newRecordId(), content, 'cx', 1);
      if (!made.ok) throw new Error('template');
      const visits: string[] = [];
      for (const [officeId, approve] of [['sharya', true], ['kostroma', false]] as const) {
        const id = newRecordId();
        const form = visitContentSchema.parse({ templateId: made.row.id, officeId, visitedOn: '2026-03-01', visitedTime: null, scenario: 'Сценарий', shopper: 'Клиент', marks: criteriaOf(made.row).map((c) => ({ criterionId: c.id, mark: 'partly', note: '' })), conclusions: 'Выводы' });
        expect(await createVisit(from.sql, register, id, form, made.row, 'cx', 2)).toMatchObject({ ok: true });
        const bytes = Buffer.from([0xff, 0xd8, 0xff, 0x00, 0x01, 0x02, 0xfe, officeId.length]);
        expect(await addAttachment(from.sql, { id: newRecordId(), visitId: id, name: 'фото.jpg', type: 'image/jpeg', bytes }, 'cx', 3)).toMatchObject({ ok: true, status: 'stored' });
        if (approve) await approveVisit(from.sql, id, 'head', 4);
        visits.push(id);
      }
      for (let round = 0; round < 2; round++) {
        const checks = await copyMovedTables(from.sql, to.sql, { replace: true });
        expect(checks.filter((c) => c.table.startsWith('ms_')).map((c) => [c.table, c.target.rows, c.ok])).toEqual([
          ['ms_template', 1, true],
          ['ms_visit', 2, true],
          ['ms_attachment', 2, true],
          ['ms_attachment_data', 2, true],
        ]);
        // The visits' register entries came along with them.
        expect(checks.find((c) => c.table === 'register_entry')).toMatchObject({ target: { rows: 3 }, ok: true });
      }
      for (const id of visits) {
        expect(await findVisit(to.sql, id)).toEqual(await findVisit(from.sql, id));
        const files = await listAttachments(to.sql, id);
        expect(files).toEqual(await listAttachments(from.sql, id));
        expect((await attachmentBytes(to.sql, files[0]!.id))!.equals((await attachmentBytes(from.sql, files[0]!.id))!)).toBe(true);
      }
      // Outside the copy's transaction the triggers hold again.
      await expect(to.sql.db.deleteFrom('ms_attachment').where('visit_id', '=', visits[0]!).execute()).rejects.toThrow('ms_attachment: visit approved');
      await expect(to.sql.db.deleteFrom('ms_visit').where('id', '=', visits[1]!).execute()).rejects.toThrow('ms_visit: visits are not deleted');
    }
  });
});

describe('the list of moved tables', () => {
  it('names tables both databases\' migrations create', () => {
    const created = (dir: string) => new Set(readdirSync(dir).filter((f) => f.endsWith('.sql')).flatMap((f) => [...readFileSync(path.join(dir, f), 'utf8').matchAll(/CREATE TABLE (?:IF NOT EXISTS )?([a-z_]+)/gi)].map((m) => m[1]!.toLowerCase())));
    const sqliteTables = created(defaultMigrationsDir());
    const postgresTables = created(defaultPgMigrationsDir());
    for (const table of MOVED_TABLES) {
      expect(sqliteTables.has(table.name), `${table.name} in hub/migrations`).toBe(true);
      expect(postgresTables.has(table.name), `${table.name} in hub/migrations-pg`).toBe(true);
    }
  });
});
