import type { HubContext } from '../context.ts';
import { resolveCentralKey } from '../forward/central-key.ts';
import { startRegionalConfigPuller, type RegionalConfigPuller } from './puller.ts';
import { bumpRevision, currentRevision } from './revisions.ts';
import { regionalTurn } from '../sql/turns.ts';

/**
 * The regional configuration's service, by role. Central: makes sure a first revision exists, and
 * that a change of its configured working hours (hub.env) is a new revision like any saved change.
 * Office hub with CENTRAL_URL: the puller, woken by the forwarder when the central names a newer
 * revision. Office hub without one: nothing; its settings are its own.
 */
export async function startRegionalConfig(ctx: HubContext): Promise<RegionalConfigPuller | null> {
  const { config } = ctx;
  if (config.role === 'central') {
    await recordCentralStart(ctx);
    return null;
  }
  if (config.centralUrl === null) return null;
  const key = resolveCentralKey(config);
  if (!key.ok) throw new Error(`настройки области с центрального сборщика не получить: ${key.reason}`);
  const puller = startRegionalConfigPuller(ctx, {
    centralUrl: config.centralUrl,
    key: key.value,
    intervalMs: config.configPullSeconds * 1000,
    retryBaseMs: config.forward.retryBaseMs,
    requestTimeoutMs: config.forward.requestTimeoutMs,
  });
  const heard = (revision: number) => puller.heard(revision);
  ctx.events.on('central-config-revision', heard);
  return {
    heard,
    pullNow: () => puller.pullNow(),
    async stop() {
      ctx.events.off('central-config-revision', heard);
      await puller.stop();
    },
  };
}

const START_ACTOR = 'запуск центрального сборщика';

async function recordCentralStart(ctx: HubContext): Promise<void> {
  const now = ctx.clock();
  const configured = ctx.config.workingHours;
  const stored = ctx.workingHours.stored();
  const same = stored !== null && stored.start === configured.start && stored.end === configured.end && JSON.stringify(stored.days) === JSON.stringify(configured.days);
  try {
    await ctx.sql.transaction(async (trx) => {
      await regionalTurn(ctx.sql, trx);
      if (!same) {
        await ctx.workingHours.replace(trx, configured, START_ACTOR, now);
        await bumpRevision(trx, { actor: START_ACTOR, what: `часы работы ${configured.start}–${configured.end}, дни ${configured.days.join(',')}`, now });
      } else if ((await currentRevision(trx)) === null) {
        await bumpRevision(trx, { actor: START_ACTOR, what: 'первая ревизия', now });
      }
    });
  } finally {
    await ctx.workingHours.load(ctx.sql);
  }
}
