import { render } from 'preact';
import { newRecordId } from '../../shared/ids.ts';
import { App } from './app.tsx';
import { createIdleTimer } from './idle/idle-timer.ts';
import { LAUNCH_REFUSAL_TEXT, readLaunch, type Launch } from './launch.ts';
import { lockDown } from './lockdown.ts';
import { registerServiceWorker } from './service-worker.ts';
import type { KioskBinding } from './setup/binding.ts';
import { openKioskDb, requestPersistence } from './indexeddb/kiosk-db.ts';
import { responseStore } from './indexeddb/response-store.ts';
import { settingStore } from './indexeddb/setting-store.ts';
import { context, countError, errorCounts, invalidReason, invitationUsed, pinPadOpen, screen, syncView } from './state/app-state.ts';
import { contextFromBinding, contextFromLink } from './state/context-from.ts';
import { runtime, setRuntime, type Runtime } from './state/runtime.ts';
import { refreshConfig } from './state/config-actions.ts';
import { abandon, recoverDrafts, showDraft, toWelcome } from './state/survey-actions.ts';
import { finishExtra } from './state/extra-actions.ts';
import { onSyncEvent } from './state/sync-actions.ts';
import { startHeartbeat } from './sync/heartbeat.ts';
import { fetchOfficeInfo } from './sync/office-info.ts';
import { phoneSubmitter } from './sync/phone-submitter.ts';
import { httpSubmitter } from './sync/submitter.ts';
import { createSyncLoop } from './sync/sync-loop.ts';
import { browserTimer } from './timer.ts';
import { browserStorage, rememberViewIn, watchVoices } from './view/view-options.ts';
import './styles/base.css';
import './styles/survey.css';
import './styles/staff.css';
import { INGEST_PATH, PUBLIC_RESPONSES_PATH, PUBLIC_SURVEY_ANSWERS_PATH } from '../../shared/protocol/wire.ts';


/** Wiring only: reads how the app was opened, opens storage, starts delivery, renders. */
const PHONE_IDLE_SECONDS = 600;
const STAFF_IDLE_MS = 120_000;
const BATCH_SIZE = 100;

const launch = readLaunch(location.search);
document.documentElement.dataset.mode = launch.mode === 'phone' ? 'phone' : 'kiosk';
// A phone is its owner's: their large-print choice survives a reload. The shared kiosk keeps none.
if (launch.mode === 'phone') rememberViewIn(browserStorage());
render(<App />, document.getElementById('app')!);
watchVoices();
if (launch.mode !== 'phone') lockDown(browserTimer);
registerServiceWorker(import.meta.env.BASE_URL);
boot(launch).catch((error) => {
  console.error('kiosk start failed', error);
  countError('start');
  invalidReason.value = 'Опрос временно недоступен';
  screen.value = 'invalid';
});

async function boot(launch: Launch): Promise<void> {
  if (launch.mode === 'invalid') {
    const text = LAUNCH_REFUSAL_TEXT[launch.reason];
    invalidReason.value = text[0]!.toUpperCase() + text.slice(1);
    screen.value = 'invalid';
    return;
  }
  const db = await openKioskDb();
  void requestPersistence();
  const settings = settingStore(db);
  const binding = launch.mode === 'kiosk' ? await settings.binding() : null;
  const idleSeconds = launch.timings.idleSeconds ?? (launch.mode === 'phone' ? PHONE_IDLE_SECONDS : (binding?.config.idleSeconds ?? 30));
  const rt: Runtime = {
    responses: responseStore(db, Date.now),
    settings,
    sync: null,
    idle: createIdleTimer(browserTimer, onIdle),
    clock: Date.now,
    newId: newRecordId,
    timings: { idleMs: idleSeconds * 1000, thanksMs: launch.timings.thanksSeconds * 1000, staffMs: STAFF_IDLE_MS, requestTimeoutMs: launch.timings.requestTimeoutMs },
    binding,
    startDelivery: (b) => startDelivery(rt, launch, b),
  };
  setRuntime(rt);
  for (const type of ['pointerdown', 'keydown']) document.addEventListener(type, () => rt.idle.touch(), { capture: true });
  document.addEventListener('visibilitychange', () => void (document.hidden || rt.idle.touch()));
  syncView.value = { ...syncView.value, lastSyncAt: await settings.lastSyncAt() };

  if (launch.mode === 'kiosk' && !binding) {
    screen.value = 'setup';
    return;
  }
  context.value = binding ? contextFromBinding(binding) : contextFromLink(launch as Extract<Launch, { mode: 'phone' }>);
  if (launch.mode === 'phone') void showOfficeName(launch.officeId, launch.timings.requestTimeoutMs);
  const resume = await recoverDrafts();
  if (resume) showDraft(resume);
  else screen.value = 'welcome';
  rt.startDelivery(binding);
  // The service list may have changed since the last start; the cached one serves meanwhile.
  if (binding) void refreshConfig().catch(() => countError('storage'));
}

async function showOfficeName(officeId: string, timeoutMs: number): Promise<void> {
  const info = await fetchOfficeInfo(fetch, officeId, timeoutMs);
  const current = context.value;
  if (info && current?.officeId === officeId) context.value = { ...current, officeName: info.name, officeAddress: info.address, services: info.services, surveys: info.surveys };
}

function onIdle(): void {
  // A phone whose owner switched to another app has not walked away: finishing now would send a
  // partial answer and spend the invitation (or cut a built survey short). Wait until the page is looked at again.
  if (launch.mode === 'phone' && document.hidden && (screen.value === 'survey' || screen.value === 'extra')) {
    runtime().idle.arm(runtime().timings.idleMs);
    return;
  }
  pinPadOpen.value = false;
  if (screen.value === 'survey') void abandon('welcome');
  else if (screen.value === 'extra') void finishExtra(false, 'welcome');
  else toWelcome();
}

/** Kiosk: responses and heartbeats to the office hub with the device key. Phone: see phone-submitter.ts. */
function startDelivery(rt: Runtime, launch: Launch, binding: KioskBinding | null): void {
  if (rt.sync || launch.mode === 'invalid') return;
  // Bound during this session: the hub's idle time applies unless the address overrides it.
  if (binding && launch.timings.idleSeconds === null) rt.timings.idleMs = binding.config.idleSeconds * 1000;
  const submitter = binding
    ? httpSubmitter({ url: INGEST_PATH, headers: { authorization: `Bearer ${binding.token}` }, timeoutMs: launch.timings.requestTimeoutMs })
    : phoneSubmitter({
        url: PUBLIC_RESPONSES_PATH,
        answersUrl: PUBLIC_SURVEY_ANSWERS_PATH,
        tokenFor: (record) => rt.responses.tokenOf(record.id),
        timeoutMs: launch.timings.requestTimeoutMs,
        onAlreadyUsed: () => void (invitationUsed.value = true),
      });
  rt.sync = createSyncLoop({
    outbox: rt.responses,
    submitter,
    clock: rt.clock,
    timer: browserTimer,
    random: Math.random,
    backoff: { baseMs: launch.timings.backoffBaseMs, capMs: launch.timings.backoffCapMs },
    batchSize: BATCH_SIZE,
    report: onSyncEvent,
  });
  window.addEventListener('online', () => rt.sync?.kick());
  rt.sync.kick();
  if (!binding) return;
  startHeartbeat({
    submitter,
    timer: browserTimer,
    intervalMs: launch.timings.heartbeatSeconds * 1000,
    facts: async () => ({
      id: rt.newId(),
      officeId: binding.config.office.id,
      deviceId: binding.config.deviceId,
      at: rt.clock(),
      version: __APP_VERSION__,
      backlog: (await rt.responses.counts().catch(() => ({ pending: syncView.value.pending }))).pending,
      lastSyncAt: syncView.value.lastSyncAt,
      errors: errorCounts.value,
    }),
  });
}
