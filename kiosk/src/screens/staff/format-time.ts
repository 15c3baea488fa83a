/** A moment as the staff read it: Moscow time, the date only when it is not today. */
export function formatTime(ms: number, now = Date.now()): string {
  const opts: Intl.DateTimeFormatOptions = { timeZone: 'Europe/Moscow', hour: '2-digit', minute: '2-digit', second: '2-digit' };
  const day = (t: number) => new Date(t).toLocaleDateString('ru-RU', { timeZone: 'Europe/Moscow' });
  const time = new Date(ms).toLocaleTimeString('ru-RU', opts);
  return day(ms) === day(now) ? `сегодня в ${time}` : `${day(ms)} в ${time}`;
}
