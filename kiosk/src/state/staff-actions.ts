import { signal } from '@preact/signals';
import { pinMatches } from '../pin/pin-hash.ts';
import { context, draft, pinPadOpen, screen, syncView } from './app-state.ts';
import { refreshCounts } from './sync-actions.ts';
import { abandon, toWelcome } from './survey-actions.ts';
import { runtime } from './runtime.ts';
import { refreshConfig } from './config-actions.ts';

/**
 * The hidden staff exit: a 3-second press on the top-left corner (or Ctrl+Alt+S) opens the PIN
 * pad; the right PIN opens the staff menu and leaves full screen. Five wrong PINs lock the pad
 * for a minute.
 */
const MAX_TRIES = 5;
const LOCK_MS = 60_000;
let wrongTries = 0;
export const pinLockedUntil = signal(0);
export const staffMessage = signal('');

export function openPinPad(): void {
  if (screen.value === 'setup' || screen.value === 'staff' || context.value?.mode !== 'kiosk') return;
  pinPadOpen.value = true;
  // A pad opened by a client's stray long press closes by itself like any idle screen.
  runtime().idle.arm(runtime().timings.idleMs);
}

export function closePinPad(): void {
  pinPadOpen.value = false;
  if (screen.value === 'welcome') runtime().idle.stop();
}

export async function tryPin(pin: string): Promise<'ok' | 'wrong' | 'locked'> {
  const rt = runtime();
  if (rt.clock() < pinLockedUntil.value) return 'locked';
  if (!rt.binding || !(await pinMatches(pin, rt.binding.pin))) {
    if (++wrongTries >= MAX_TRIES) {
      wrongTries = 0;
      pinLockedUntil.value = rt.clock() + LOCK_MS;
      return 'locked';
    }
    return 'wrong';
  }
  wrongTries = 0;
  pinPadOpen.value = false;
  if (draft.value) await abandon('welcome');
  screen.value = 'staff';
  staffMessage.value = '';
  rt.idle.arm(rt.timings.staffMs);
  void refreshCounts();
  if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
  return 'ok';
}

export function leaveStaff(): void {
  toWelcome();
}

export function syncNow(): void {
  runtime().sync?.kick();
  staffMessage.value = 'Отправка запущена.';
}

export async function refreshConfigFromStaff(): Promise<void> {
  staffMessage.value = (await refreshConfig()) ? 'Список услуг и отдел обновлены с хаба.' : 'Хаб недоступен или не принял ключ: оставлены прежние настройки.';
}

/** Re-registration is refused while answers wait: they carry this device's id and key. */
export async function unbind(): Promise<void> {
  await refreshCounts();
  if (syncView.value.pending > 0) {
    staffMessage.value = `Нельзя сменить привязку: ${syncView.value.pending} ответ(ов) ещё не отправлены на хаб.`;
    return;
  }
  await runtime().settings.clearBinding();
  location.reload();
}
