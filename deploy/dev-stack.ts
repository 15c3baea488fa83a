import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createLogger } from '../shared/logger.ts';
import { DEFAULT_OFFICES } from '../shared/offices.ts';
import { provisionDevStack, type DevStackSecrets } from './dev-provision.ts';

/**
 * `npm start`: the whole system on one machine on its embedded defaults, for a newcomer and for
 * a demo. A central collector, one office hub (Костромское отделение) forwarding to it, and the
 * panel driver, which runs a simulated panel on a pseudo-terminal when no panel is configured.
 * In production each of these is its own systemd service (deploy/README.md).
 *
 * Ports: the office hub on PORT (8080), the central on CENTRAL_PORT (8090). Data under DATA_DIR
 * (./data): the office hub's and the driver's files directly in it (so `npm run hub -- …` works
 * on the office hub with no settings), the central's in DATA_DIR/central.
 */
const ROOT = path.resolve(import.meta.dirname, '..');
const dataDir = path.resolve(process.env.DATA_DIR ?? 'data');
const officePort = Number(process.env.PORT ?? 8080);
const centralPort = Number(process.env.CENTRAL_PORT ?? 8090);
const officeId = process.env.OFFICE_ID ?? 'kostroma';
for (const [name, port] of [['PORT', officePort], ['CENTRAL_PORT', centralPort]] as const) {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    console.error(`Ошибка в настройках: ${name} = ${JSON.stringify(process.env[name])}: ожидается номер порта 1–65535`);
    process.exit(1);
  }
}
const log = createLogger('start', { level: 'info', pretty: process.stdout.isTTY === true });
const officeUrl = `http://127.0.0.1:${officePort}`;
const centralUrl = `http://127.0.0.1:${centralPort}`;

mkdirSync(path.join(dataDir, 'central'), { recursive: true });
const secrets: DevStackSecrets = await provisionDevStack({ dataDir, officeId, officePort, centralPort });

interface Service {
  name: string;
  script: string;
  env: Record<string, string>;
  healthUrl: string | null;
  child: ChildProcess | null;
  restarts: number;
}

const HUB_NODE_OPTIONS = '--max-old-space-size=128 --max-semi-space-size=2';
const common = { LOG_PRETTY: process.stdout.isTTY ? 'true' : 'false', LOG_LEVEL: process.env.LOG_LEVEL ?? 'info' };
const services: Service[] = [
  {
    name: 'central',
    script: 'hub/main.ts',
    env: { ...common, ROLE: 'central', PORT: String(centralPort), DATA_DIR: path.join(dataDir, 'central'), PUBLIC_BASE_URL: centralUrl },
    healthUrl: `${centralUrl}/health`,
    child: null,
    restarts: 0,
  },
  {
    name: 'office-hub',
    script: 'hub/main.ts',
    env: {
      ...common,
      // V8 sizes its heap by the machine's memory; a small office PC needs the hub to stay small
      // (about 150 MB even while holding a million-record backlog; docs/forwarding.md).
      NODE_OPTIONS: HUB_NODE_OPTIONS,
      ROLE: 'office',
      OFFICE_ID: officeId,
      PORT: String(officePort),
      DATA_DIR: dataDir,
      PUBLIC_BASE_URL: officeUrl,
      // Phones answer at the central: survey QR codes and e-mailed links point there (docs/phone-surveys.md).
      SURVEY_BASE_URL: centralUrl,
      CENTRAL_URL: centralUrl,
      CENTRAL_KEY_ID: secrets.centralKeyId,
      CENTRAL_KEY: secrets.centralKey,
      // A demo shows a change made at the central within a minute (production: every 5 minutes, and at once after a batch).
      CONFIG_PULL_SECONDS: '60',
    },
    healthUrl: `${officeUrl}/health`,
    child: null,
    restarts: 0,
  },
  {
    name: 'driver',
    script: 'terminal-driver/main.ts',
    env: { ...common, HUB_URL: officeUrl, OFFICE_ID: officeId, DATA_DIR: dataDir, DEVICE_ID: secrets.driverDeviceId, DEVICE_TOKEN: secrets.driverToken },
    healthUrl: null,
    child: null,
    restarts: 0,
  },
];

let stopping = false;

function launch(service: Service): void {
  const child = spawn(process.execPath, ['--import', 'tsx', service.script], { cwd: ROOT, env: { ...process.env, ...service.env }, stdio: ['ignore', 'inherit', 'inherit'] });
  service.child = child;
  child.on('exit', (code, signal) => {
    service.child = null;
    if (stopping) return;
    // Like systemd's Restart=always: a crash is logged and the service comes back.
    service.restarts += 1;
    const delay = Math.min(30_000, 1000 * 2 ** Math.min(service.restarts, 5));
    log.error({ service: service.name, code, signal, restartInMs: delay }, 'service stopped; restarting');
    setTimeout(() => !stopping && launch(service), delay);
  });
}

async function waitHealthy(url: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

for (const service of services) launch(service);
const healthy = await Promise.all(services.map((s) => (s.healthUrl ? waitHealthy(s.healthUrl, 30_000) : Promise.resolve(true))));
if (healthy.includes(false)) log.warn('a hub did not answer /health within 30 s; see the messages above');

// Two columns, aligned whatever the labels' lengths; offices by their Russian names.
const officeName = DEFAULT_OFFICES.find((o) => o.id === officeId)?.name ?? `отдел ${officeId}`;
const rows: [string, string][] = [
  [`Хаб отдела «${officeName}»`, officeUrl],
  ['  Вход для сотрудников', `${officeUrl}/login`],
  ['  Пульты и киоски (АХО)', `${officeUrl}/board`],
  ['  Показатели отдела', `${officeUrl}/dashboard`],
  ['  Киоск (опрос)', `${officeUrl}/kiosk/`],
  ['Центральный сборщик', centralUrl],
  ['  Показатели всей области', `${centralUrl}/dashboard`],
  ['  Связь с отделами', `${centralUrl}/central`],
];
const width = Math.max(...rows.map(([label]) => label.length)) + 3;
const lines = [
  '',
  'Система запущена / The system is running:',
  ...rows.map(([label, url]) => `  ${label.padEnd(width)}${url}`),
  '  Пульт оценки: симулятор на псевдотерминале, нажатия идут раз в несколько секунд.',
  '  Демо-данные за год: остановите (Ctrl+C), выполните npm run demo:data, запустите снова (README).',
  ...secrets.notes.map((n) => `  ${n}`),
  'Остановить: Ctrl+C',
  '',
];
console.log(lines.join('\n'));

function stop(signal: string): void {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'stopping all services');
  for (const s of services) s.child?.kill('SIGTERM');
  setTimeout(() => process.exit(0), 3000).unref();
  const check = setInterval(() => {
    if (services.every((s) => s.child === null)) {
      clearInterval(check);
      process.exit(0);
    }
  }, 100);
}
process.once('SIGINT', () => stop('SIGINT'));
process.once('SIGTERM', () => stop('SIGTERM'));
