import type { Suppression } from '../shared/records.ts';

/**
 * The misuse rule: a press within `intervalMs` of the previous *counted* press on the same panel
 * is kept but marked suppressed (a child drumming on the buttons, a client pressing twice). It is
 * measured from the last counted press, not from the last press: drumming still yields one counted
 * press per interval instead of silencing the panel for as long as it lasts.
 */
export function judgePress(lastCountedAt: number | null, bornAt: number, intervalMs: number): Suppression | null {
  if (lastCountedAt === null || intervalMs <= 0) return null;
  const since = bornAt - lastCountedAt;
  // A clock set back (NTP correction) must not suppress presses until it catches up again.
  if (since < 0) return null;
  return since < intervalMs ? 'too-soon' : null;
}
