import { fullJitterDelay } from '../../shared/backoff.ts';
import { newNonce, signRequest } from '../../shared/protocol/forward-signature.ts';
import { HUB_HEADER, REGIONAL_CONFIG_PATH } from '../../shared/protocol/wire.ts';
import { countRefusal, type HubContext } from '../context.ts';
import type { CentralKey } from '../forward/central-key.ts';
import { applySnapshot } from './apply-snapshot.ts';
import { readConfigState, recordPulled, recordPullError } from '../db/regional-config-state.ts';
import { COUNTED_REFUSALS, readPullAnswer, type PullMeaning, type PullRefusal } from './read-answer.ts';

/**
 * Office hub: pulls the regional configuration from the central — at start, every
 * CONFIG_PULL_SECONDS, and at once when a forward answer names a newer revision — and applies a
 * newer one (apply-snapshot.ts). After applying it pulls once more at once, which tells the central
 * the revision now held. A failure of any kind leaves the revision in force as it is; the next
 * attempt comes after a capped, jittered wait, never later than the regular interval.
 */
export type PullOutcome = { kind: 'applied'; revision: number } | { kind: 'up-to-date'; revision: number } | { kind: 'failed'; reason: PullRefusal; message: string };

export interface RegionalConfigPuller {
  /** The central said revision `revision` exists: pull now when it is newer than the one held. */
  heard(revision: number): void;
  /** One pull, after any in progress (tests, and the admin's "pull now"). */
  pullNow(): Promise<PullOutcome>;
  stop(): Promise<void>;
}

export interface PullerOptions {
  centralUrl: string;
  key: CentralKey;
  intervalMs: number;
  retryBaseMs: number;
  requestTimeoutMs: number;
  random?: () => number;
}

export function startRegionalConfigPuller(ctx: HubContext, options: PullerOptions): RegionalConfigPuller {
  const logger = ctx.logger.child({ component: 'regional-config' });
  const base = new URL(options.centralUrl.replace(/\/+$/, '') + REGIONAL_CONFIG_PATH);
  const random = options.random ?? Math.random;
  // The revision held, read before the first pull (pulls run one after another on `chain`).
  let held: number | null = null;
  let stopped = false;
  let wakeUp: (() => void) | null = null;
  let woken = false;
  let lastLogged = '';
  let chain: Promise<unknown> = readConfigState(ctx.sql).then(
    (state) => {
      held = state.revision;
    },
    () => undefined,
  );
  const inFlight = new Set<AbortController>();

  async function request(): Promise<PullMeaning> {
    const url = new URL(base);
    url.searchParams.set('have', String(held ?? 0));
    const timestamp = ctx.clock();
    const nonce = newNonce();
    const signature = signRequest(options.key.secret, { method: 'GET', path: url.pathname + url.search, timestamp, nonce, keyId: options.key.keyId, body: '' });
    const controller = new AbortController();
    inFlight.add(controller);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, options.requestTimeoutMs);
    try {
      const res = await fetch(url, {
        headers: { [HUB_HEADER.keyId]: options.key.keyId, [HUB_HEADER.timestamp]: String(timestamp), [HUB_HEADER.nonce]: nonce, [HUB_HEADER.signature]: signature },
        signal: controller.signal,
      });
      const body = Buffer.from(await res.arrayBuffer());
      return readPullAnswer({ status: res.status, signature: res.headers.get(HUB_HEADER.signature), body }, { signature, secret: options.key.secret }, { officeId: ctx.config.officeId, held });
    } catch (error) {
      if (timedOut) return { kind: 'refused', reason: 'timeout', message: `центральный сборщик не ответил за ${options.requestTimeoutMs} мс` };
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      return { kind: 'refused', reason: 'unreachable', message: `нет связи с центральным сборщиком ${base.origin}: ${cause?.code ?? cause?.message ?? (error as Error).message}` };
    } finally {
      clearTimeout(timer);
      inFlight.delete(controller);
    }
  }

  async function fail(reason: PullRefusal, message: string): Promise<PullOutcome> {
    if (COUNTED_REFUSALS.includes(reason)) countRefusal(ctx, `regional-config-${reason}`);
    // The database failing: the log line below is all that can be said.
    await recordPullError(ctx.sql, reason, message, ctx.clock()).catch(() => undefined);
    // One line per new trouble, not one per attempt: an outage of weeks stays readable.
    const line = `${reason}:${message}`;
    if (line !== lastLogged) {
      lastLogged = line;
      const level = reason === 'unreachable' || reason === 'timeout' ? 'warn' : 'error';
      logger[level]({ reason, held }, `regional configuration not taken: ${message}`);
    }
    return { kind: 'failed', reason, message };
  }

  async function pullOnce(): Promise<PullOutcome> {
    const meaning = await request();
    if (meaning.kind === 'refused') return fail(meaning.reason, meaning.message);
    try {
      if (meaning.kind === 'up-to-date') {
        await recordPulled(ctx.sql, ctx.clock());
        lastLogged = '';
        return { kind: 'up-to-date', revision: held ?? meaning.revision };
      }
      const applied = await applySnapshot(ctx, meaning.snapshot);
      if (!applied.ok) {
        held = applied.held;
        return fail('older-revision', `ревизия ${meaning.snapshot.revision} не новее действующей ${applied.held}`);
      }
      held = meaning.snapshot.revision;
      lastLogged = '';
      logger.info({ revision: held, users: meaning.snapshot.users.length, services: meaning.snapshot.services.length, sessionsEnded: applied.sessionsEnded.length }, 'regional configuration applied');
      return { kind: 'applied', revision: held };
    } catch (error) {
      return fail('storage', `настройки области не записаны в базу хаба: ${(error as Error).message}`);
    }
  }

  const pullNow = (): Promise<PullOutcome> => {
    const next = chain.then(pullOnce);
    chain = next.catch(() => undefined);
    return next;
  };

  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      if (stopped || woken) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeUp = null;
        resolve();
      }
      wakeUp = done;
    });

  const loop = (async () => {
    let failures = 0;
    while (!stopped) {
      woken = false;
      const outcome = await pullNow().catch((error: unknown): Promise<PullOutcome> => fail('http-error', (error as Error).message));
      if (stopped) break;
      failures = outcome.kind === 'failed' ? failures + 1 : 0;
      const waitMs =
        outcome.kind === 'applied' ? 0 : outcome.kind === 'failed' ? Math.min(options.intervalMs, fullJitterDelay(failures, { baseMs: options.retryBaseMs, capMs: options.intervalMs }, random)) : options.intervalMs;
      await wait(waitMs);
    }
  })();

  return {
    heard(revision) {
      if (held !== null && revision <= held) return;
      woken = true;
      wakeUp?.();
    },
    pullNow,
    async stop() {
      stopped = true;
      wakeUp?.();
      for (const controller of inFlight) controller.abort();
      await loop;
      await chain;
    },
  };
}
