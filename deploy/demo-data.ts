import { parseArgs } from 'node:util';
import { createLogger } from '../shared/logger.ts';
import { DEFAULT_OFFICES } from '../shared/offices.ts';
import { moscowMidnight, moscowDate } from '../shared/periods.ts';
import { newRecordId } from '../shared/ids.ts';
import type { Press } from '../shared/records.ts';
import { readHubConfig } from '../hub/config.ts';
import { loadedOfficeStore, seedDefaultOffices } from '../hub/db/offices.ts';
import { openDatabase } from '../hub/db/open.ts';
import { createRecordStore } from '../hub/db/record-rows.ts';
import { seedDefaultServices } from '../hub/db/services.ts';
import { createAlertRuleStore } from '../hub/db/alert-rule-store.ts';
import { createAlertWatch } from '../hub/alerts/alert-watch.ts';
import { sqliteRecordSource } from '../hub/reports/record-source.ts';
import { sqlOverSqlite } from '../hub/sql/central-sql.ts';
import { generateYear } from '../bench/generate-year.ts';
import { addDemoInvitationCounts } from './demo-invitations.ts';
import { addDemoChannels } from './demo-channels.ts';
import { addDemoPainMap } from './demo-pain-map.ts';

/**
 * `npm run demo:data`: fills the database that `npm start` opens (same settings: ROLE, OFFICE_ID,
 * DATA_DIR …) with a plausible year of feedback ending now, so the CX dashboard, the reports and
 * the comments feed have something to show. An office hub gets its own office; a central
 * (ROLE=central) all 25, one of them without a panel and one without a survey. Run it after a
 * first `npm start` (stopped with Ctrl+C), as the README says: the simulated panel's presses of
 * that run stay and the year goes in beside them. It refuses while the hub answers on its port (a
 * database has one owner at a time) and when this database already has a demo year.
 *
 *   npm run demo:data [-- --presses 150000 --responses 15000 --force]
 */
const { values } = parseArgs({
  options: { presses: { type: 'string' }, responses: { type: 'string' }, force: { type: 'boolean', default: false } },
});
const config = readHubConfig(process.env);
if (!config.ok) {
  console.error(config.message);
  process.exit(1);
}
const central = config.value.role === 'central';
const presses = Number(values.presses ?? (central ? 500_000 : 150_000));
const responses = Number(values.responses ?? (central ? 50_000 : 15_000));
if (!Number.isInteger(presses) || !Number.isInteger(responses) || presses < 0 || responses < 0) {
  console.error('--presses и --responses: целые неотрицательные числа');
  process.exit(2);
}

const running = await fetch(`http://127.0.0.1:${config.value.port}/health`, { signal: AbortSignal.timeout(1000) }).then(
  (res) => res.ok,
  () => false,
);
if (running) {
  console.error(`Хаб сейчас работает (порт ${config.value.port}): остановите npm start (Ctrl+C), добавьте демо-данные и запустите снова.`);
  process.exit(1);
}

const DEMO_MARK = 'demo-data';
const { db } = openDatabase(config.value.databaseFile);
await seedDefaultOffices(sqlOverSqlite(db));
await seedDefaultServices(sqlOverSqlite(db));
const offices = await loadedOfficeStore(sqlOverSqlite(db));
const marked = db.prepare('SELECT updated_at FROM setting WHERE key = ?').pluck().get(DEMO_MARK) as number | undefined;
if (marked !== undefined && !values.force) {
  console.error(`В базе ${config.value.databaseFile} уже есть демо-данные (добавлены ${new Date(marked).toLocaleString('ru-RU', { timeZone: 'Europe/Moscow' })}). Добавить ещё год: npm run demo:data -- --force`);
  db.close();
  process.exit(1);
}

const now = Date.now();
const today = moscowDate(now);
const officeIds = central ? DEFAULT_OFFICES.map((o) => o.id) : [config.value.officeId];
// People read the office's Russian name, not its id (the id is what the config holds).
const scope = officeIds.length === 1 ? `: ${offices.find(officeIds[0]!)?.name ?? officeIds[0]}` : ` по ${officeIds.length} отделам`;
console.log(`Демо-данные: ${presses} нажатий и ${responses} анкет за год${scope} → ${config.value.databaseFile}`);
const t0 = Date.now();
const made = generateYear(db, {
  officeIds,
  start: moscowMidnight(today.year - 1, today.month, today.day),
  end: now,
  presses,
  responses,
  seed: 20260101 + (values.force ? Math.floor(now / 1000) : 0),
  ...(central ? { withoutPanel: ['pavino'], withoutSurvey: ['pyshchug'] } : {}),
  onProgress: (done, total) => process.stdout.write(`  ${Math.round((done / total) * 100)} %\r`),
});

// A bad quarter of an hour at one office on a recent weekday, just before opening time (so the
// generated traffic does not dilute it), through the real alert rules: the alerts list is not empty.
const burstOffice = officeIds[Math.min(1, officeIds.length - 1)]!;
const burstAt = moscowMidnight(today.year, today.month, today.day - (today.weekday <= 2 ? today.weekday + 2 : 1)) + 7 * 3_600_000 + 20 * 60_000;
const burst: Press[] = [1, 1, 4, 1, 1].map((score, i) => ({
  kind: 'press',
  id: newRecordId(),
  officeId: burstOffice,
  deviceId: `${burstOffice}-driver`,
  bornAt: new Date(burstAt + i * 4 * 60_000).toISOString(),
  channel: 'panel',
  panelId: 'panel-1',
  desk: 'окно 1',
  seq: null,
  button: String(score),
  score,
  suppressed: null,
}));
const store = createRecordStore(db);
db.transaction(() => burst.forEach((p) => store.insert(p, Date.parse(p.bornAt) + 1000)))();
const alertRules = createAlertRuleStore(config.value.lowScoreAlerts);
await alertRules.load(sqlOverSqlite(db));
// The watch judges a burst at the moment it happens (it ignores presses older than a few hours):
// its clock stands just after the last low press, as a running hub's would have.
const burstEnd = burstAt + (burst.length - 1) * 4 * 60_000;
const alerts = await createAlertWatch({
  sql: sqlOverSqlite(db),
  presses: sqliteRecordSource(db).alertPresses,
  rules: () => alertRules.current().rules,
  mailer: null,
  recipients: [],
  logger: createLogger('demo', { level: 'silent', pretty: false }),
  clock: () => burstEnd + 60_000,
  officeName: (id) => offices.find(id)?.name ?? id,
}).onStored(burst);
// The central's response rate needs what the offices issued; an office hub issues none in a demo.
const invitations = central ? addDemoInvitationCounts(db, now) : 0;
// The phone survey and the staff survey run on the central only.
const channels = central ? await addDemoChannels(db, now, officeIds) : null;
// The quarter's pain map (issue 19) is kept on the central.
const painMap = central ? await addDemoPainMap(db, now, 19) : null;
db.prepare('INSERT INTO setting (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at').run(
  DEMO_MARK,
  JSON.stringify({ presses: made.presses, responses: made.responses }),
  now,
  'npm run demo:data',
);
db.close();

console.log(`Готово за ${Math.round((Date.now() - t0) / 1000)} с: ${made.presses} нажатий, ${made.responses} анкет, сигналов о низких оценках: ${alerts.length}${central ? `, приглашений выдано в отделах: ${invitations}` : ''}${channels ? `, телефонный опрос: ${channels.calls} номеров в списке, опрос сотрудников: ${channels.staffAnswers} ответов, опрос на выходе: ${channels.exitPoll.answers} ответов и ${channels.exitPoll.summaries} итоговые формы, тайный клиент: ${channels.mysteryVisits} визитов` : ''}${painMap ? `, карта болей: ${painMap.pains} проблемы, ${painMap.measures} мероприятий` : ''}.`);
if (painMap?.verdict) console.log(`Карта болей, выполненное мероприятие в Шарье: ${painMap.verdict}`);
console.log(`Запустите систему (npm start) и откройте http://127.0.0.1:${config.value.port}/dashboard`);
