import { signal } from '@preact/signals';
import { io, type Socket } from 'socket.io-client';
import type { FiguresResponse } from '../../../../shared/api/figures.ts';
import type { WatchReply } from '../../../../shared/protocol/dashboard-socket.ts';
import { DASHBOARD_NAMESPACE } from '../../../../shared/protocol/wire.ts';
import { getJson, url } from '../../api/client.ts';
import { moscowTime } from '../../format.ts';

/**
 * The dashboard's state, outside the components: the chosen period, the offices table, the open
 * drill, and a counter the live socket bumps when the hub says figures changed. Views load their
 * own data for (period, live tick) and decide themselves how often a live tick is worth a reload.
 */
export const periodKey = signal<string | null>(new URLSearchParams(location.search).get('period'));
export const figures = signal<FiguresResponse | null>(null);
export const figuresError = signal<string | null>(null);
export const drillOffice = signal<string | null>(null);
export const liveTick = signal(0);
export const live = signal<{ state: 'wait' | 'live' | 'off'; text: string; updates: number }>({ state: 'wait', text: 'Подключение…', updates: 0 });

export async function loadFigures(): Promise<void> {
  try {
    const table = await getJson<FiguresResponse>('/api/figures', { period: periodKey.value });
    figures.value = table;
    figuresError.value = null;
    if (periodKey.value !== table.period.key) periodKey.value = table.period.key;
    history.replaceState(null, '', url(location.pathname, { period: table.period.key }));
  } catch (error) {
    figuresError.value = (error as Error).message;
    throw error;
  }
}

export function choosePeriod(key: string): void {
  periodKey.value = key;
  void loadFigures().catch(() => undefined);
}

// Live: the hub says "figures changed" at most about once a second; one refetch at a time, and a
// notice that arrives during a refetch leads to one more afterwards.
let refreshing: Promise<void> | null = null;
let again = false;
async function refreshLive(): Promise<void> {
  if (refreshing) {
    again = true;
    return;
  }
  refreshing = (async () => {
    do {
      again = false;
      await loadFigures();
      liveTick.value += 1;
    } while (again);
  })();
  try {
    await refreshing;
    live.value = { state: 'live', text: `Обновлено в ${moscowTime(new Date())} — данные приходят вживую`, updates: live.value.updates + 1 };
  } catch {
    // loadFigures has put its reason on the page
  } finally {
    refreshing = null;
  }
}

let socket: Socket | null = null;
export function connectLive(): () => void {
  socket = io(DASHBOARD_NAMESPACE, { transports: ['websocket', 'polling'] });
  socket.on('connect', () => {
    socket?.emit('watch', { officeId: null }, (reply: WatchReply) => {
      live.value = reply.ok ? { ...live.value, state: 'live', text: 'Данные обновляются вживую' } : { ...live.value, state: 'off', text: `Живое обновление недоступно: ${reply.message}` };
    });
  });
  socket.on('disconnect', () => (live.value = { ...live.value, state: 'off', text: 'Нет связи с хабом: цифры могут устареть' }));
  socket.on('figures-changed', () => void refreshLive());
  return () => socket?.close();
}

/** True when a live tick should reload a view that was loaded `loadedAt` and costs a lot: at most every `everyMs`. */
export const worthReloading = (loadedAt: number, everyMs: number): boolean => Date.now() - loadedAt >= everyMs;
