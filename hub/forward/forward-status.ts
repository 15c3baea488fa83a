import { toInstant, type Instant } from '../../shared/time.ts';
import type { HubConfig } from '../config.ts';
import type { Db } from '../db/open.ts';
import type { Queryable } from '../sql/queryable.ts';
import { outboxBacklog, readForwardState } from '../outbox/outbox.ts';
import { configStatus, type ConfigStatus } from '../db/regional-config-state.ts';

/**
 * The office hub's forwarding, as a person needs to see it: how much is waiting, since when, when
 * the central last took a batch, and what went wrong last. Read from the database alone, so
 * /health, the АХО board and the admin's API all get the same answer without holding the sender.
 */
export interface ForwardStatus {
  /** false: no CENTRAL_URL, records are kept and nothing is sent. */
  configured: boolean;
  centralUrl: string | null;
  backlog: {
    count: number;
    oldestReceivedAt: Instant | null;
    oldestAgeSeconds: number | null;
  };
  lastSyncAt: Instant | null;
  /** The most recent failure, even if a later sync succeeded (then `failing` is false). */
  lastError: { code: string; message: string; at: Instant } | null;
  /** The last attempt failed: the backlog is not moving. */
  failing: boolean;
  /** Records set aside for the admin (GET /api/forward/dead-letters), not counting requeued ones. */
  deadLetters: number;
  /** The regional configuration in force and its last pull (hub/regional-config/). */
  regionalConfig: ConfigStatus;
}

export type ForwardErrorCode =
  | 'unreachable'
  | 'timeout'
  | 'refused'
  | 'busy'
  | 'server-error'
  | 'unexpected-status'
  | 'not-an-ack'
  | 'unsigned-answer'
  | 'invalid-batch'
  | 'database';

export async function getForwardStatus(db: Db, sql: Queryable, config: Pick<HubConfig, 'centralUrl'>, now: number): Promise<ForwardStatus> {
  const { count, oldest } = outboxBacklog(db);
  const oldestMs = oldest?.receivedAt ? Date.parse(oldest.receivedAt) : null;
  const state = readForwardState(db);
  return {
    configured: config.centralUrl !== null,
    centralUrl: config.centralUrl,
    backlog: {
      count,
      oldestReceivedAt: oldestMs === null ? null : toInstant(oldestMs),
      oldestAgeSeconds: oldestMs === null ? null : Math.max(0, Math.round((now - oldestMs) / 1000)),
    },
    lastSyncAt: state.lastSyncAt === null ? null : toInstant(state.lastSyncAt),
    lastError: state.lastError === null ? null : { code: state.lastError.code, message: state.lastError.message, at: toInstant(state.lastError.at) },
    failing: state.lastError !== null && (state.lastSyncAt === null || state.lastError.at > state.lastSyncAt),
    deadLetters: state.deadLetters,
    regionalConfig: await configStatus(sql, config.centralUrl !== null, now),
  };
}
