import type { HubContext } from '../context.ts';
import { startPeriodic } from '../live/periodic.ts';
import { invitationCodeStore } from '../invitations/code-store.ts';
import { pruneCopiedStaging } from '../db/staging-copied.ts';
import { createPruner } from './prune.ts';
import { pruneExpiredSessions } from '../staff/sessions.ts';

/**
 * Runs the pruning (prune.ts) a minute after the start and then every hour. Large deletions go in
 * chunks, each its own short transaction with the event loop free in between, so a first pass over
 * a year of heartbeats never holds up a press or a page.
 */
export interface Housekeeping {
  /** One full pass now; resolves with what it deleted. */
  runNow(): Promise<PruneSummary>;
  stop(): Promise<void>;
}

export interface PruneSummary {
  heartbeats: number;
  sessions: number;
  /** Short invitation codes whose invitation expired a month ago (central). */
  invitationCodes: number;
  /** A central on PostgreSQL: the SQLite staging copies of its own answers, copied a week ago (db/staging-copied.ts). */
  staging: number;
}

const FIRST_RUN_MS = 60_000;
const EVERY_MS = 60 * 60_000;
const CHUNK = 5_000;
const DAY_MS = 24 * 60 * 60_000;
const STAGING_KEPT_DAYS = 7;

export function startHousekeeping(ctx: HubContext, options: { firstRunMs?: number; everyMs?: number } = {}): Housekeeping {
  const pruner = createPruner(ctx.db, ctx.sql);
  const codes = invitationCodeStore(ctx.sql);
  let stopped = false;

  async function pass(): Promise<PruneSummary> {
    const now = ctx.clock();
    const before = now - ctx.config.heartbeatRetentionDays * DAY_MS;
    const summary: PruneSummary = { heartbeats: 0, sessions: await pruneExpiredSessions(ctx.sql, now), invitationCodes: await codes.pruneExpired(now), staging: 0 };
    for (;;) {
      if (stopped) break;
      const deleted = await pruner.heartbeats(before, CHUNK);
      summary.heartbeats += deleted;
      if (deleted < CHUNK) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    // Only with DATABASE_URL: on SQLite these rows are the central's own records.
    while (ctx.postgres && !stopped) {
      const deleted = pruneCopiedStaging(ctx.db, now - STAGING_KEPT_DAYS * DAY_MS, CHUNK);
      summary.staging += deleted;
      if (deleted < CHUNK) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (summary.heartbeats > 0 || summary.sessions > 0 || summary.invitationCodes > 0 || summary.staging > 0) {
      ctx.logger.info({ ...summary, retentionDays: ctx.config.heartbeatRetentionDays }, 'housekeeping: old heartbeats, expired sessions, invitation codes and copied staging rows deleted');
    }
    return summary;
  }

  const periodic = startPeriodic(pass, {
    everyMs: options.everyMs ?? EVERY_MS,
    firstMs: options.firstRunMs ?? FIRST_RUN_MS,
    onError: (error) => {
      ctx.logger.error({ err: error }, 'housekeeping pass failed; will try again at the next run');
      return { heartbeats: 0, sessions: 0, invitationCodes: 0, staging: 0 };
    },
  });

  return {
    runNow: periodic.runNow,
    async stop() {
      stopped = true;
      await periodic.stop();
    },
  };
}
