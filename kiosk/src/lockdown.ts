import { screen } from './state/app-state.ts';
import { openPinPad } from './state/staff-actions.ts';
import type { Timer } from './timer.ts';

/**
 * What a web page can do to keep a kiosk a kiosk: full screen on the first touch (browsers allow it
 * only from a gesture), no context menu, no text selection or dragging outside text fields, and
 * the hidden staff exit. The real lock (no address bar, no way out) is the kiosk browser's
 * (`chromium --kiosk`, deploy/kiosk/README.md).
 */
const CORNER_PX = 80;
const HOLD_MS = 3000;

export function lockDown(timer: Timer): void {
  let hold: number | null = null;
  const cancelHold = () => {
    if (hold !== null) timer.clear(hold);
    hold = null;
  };

  document.addEventListener(
    'pointerdown',
    (e) => {
      if (!document.fullscreenElement && screen.value !== 'staff' && screen.value !== 'setup') {
        void document.documentElement.requestFullscreen?.({ navigationUI: 'hide' }).catch(() => undefined);
      }
      cancelHold();
      if (e.clientX <= CORNER_PX && e.clientY <= CORNER_PX) hold = timer.set(openPinPad, HOLD_MS);
    },
    { capture: true },
  );
  for (const type of ['pointerup', 'pointercancel']) document.addEventListener(type, cancelHold, { capture: true });
  document.addEventListener('pointermove', (e) => {
    if (hold !== null && (e.clientX > CORNER_PX * 1.5 || e.clientY > CORNER_PX * 1.5)) cancelHold();
  });

  document.addEventListener('contextmenu', (e) => e.preventDefault());
  document.addEventListener('dragstart', (e) => e.preventDefault());
  document.addEventListener('selectstart', (e) => {
    if (!(e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement)) e.preventDefault();
  });
  document.addEventListener('keydown', (e) => {
    if (e.ctrlKey && e.altKey && (e.code === 'KeyS' || e.key.toLowerCase() === 's' || e.key.toLowerCase() === 'ы')) {
      e.preventDefault();
      openPinPad();
    }
  });
}
