import type { HubContext } from '../context.ts';
import { resolveCentralKey } from './central-key.ts';
import { startForwarder, type Forwarder } from './sender.ts';

/**
 * On an office hub: starts the sender when there is a central to forward to, waking it whenever
 * records are committed or an invitation is issued (its count goes too), and tells the АХО board when its status changed (`forward-status` event).
 * Returns null on the central, or on an office without CENTRAL_URL (records then wait in the
 * outbox until one is configured). A missing or unreadable key is a fatal start error: a hub that
 * silently never forwards is worse than one that does not start.
 */
export function startOfficeForwarding(ctx: HubContext): Forwarder | null {
  const { config } = ctx;
  if (config.role !== 'office' || config.centralUrl === null) return null;
  const key = resolveCentralKey(config);
  if (!key.ok) throw new Error(`пересылка на центральный сборщик не настроена: ${key.reason}`);

  // While a backlog drains, attempts come many times a second; the board needs a fresh row, not every one.
  let notifiedAt = 0;
  let lastFailing: boolean | null = null;
  const notifyBoard = (failing: boolean) => {
    const now = ctx.clock();
    if (failing === lastFailing && now - notifiedAt < BOARD_NOTIFY_MS) return;
    lastFailing = failing;
    notifiedAt = now;
    ctx.events.emit('forward-status');
  };

  const forwarder = startForwarder({
    db: ctx.db,
    centralUrl: config.centralUrl,
    key: key.value,
    settings: config.forward,
    clock: ctx.clock,
    logger: ctx.logger.child({ component: 'forward' }),
    onAttempt: notifyBoard,
    onConfigRevision: (revision) => ctx.events.emit('central-config-revision', revision),
    storage: () => ctx.storage.report(),
  });
  const wake = () => forwarder.wake();
  ctx.events.on('stored', wake);
  ctx.events.on('invitation-issued', wake);
  ctx.events.on('register-stored', wake);
  return {
    wake,
    async stop() {
      ctx.events.off('stored', wake);
      ctx.events.off('invitation-issued', wake);
      ctx.events.off('register-stored', wake);
      await forwarder.stop();
    },
  };
}

const BOARD_NOTIFY_MS = 2000;
