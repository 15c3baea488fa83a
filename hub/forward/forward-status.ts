import type { RecordKind } from '../../shared/records.ts';
import { toInstant, type Instant } from '../../shared/time.ts';
import type { HubConfig } from '../config.ts';
import type { Db } from '../db/open.ts';
import { createRecordStore } from '../db/record-rows.ts';

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

export function getForwardStatus(db: Db, config: Pick<HubConfig, 'centralUrl'>, now: number): ForwardStatus {
  const count = db.prepare('SELECT count(*) FROM outbox').pluck().get() as number;
  const head = db.prepare('SELECT kind, record_id AS id FROM outbox ORDER BY seq LIMIT 1').get() as { kind: RecordKind; id: string } | undefined;
  const oldest = head ? createRecordStore(db).read(head.kind, head.id) : null;
  const oldestMs = oldest?.receivedAt ? Date.parse(oldest.receivedAt) : null;
  const state = db.prepare('SELECT last_sync_at, last_error_code, last_error, last_error_at FROM forward_state WHERE id = 1').get() as StateRow;
  const deadLetters = db.prepare('SELECT count(*) FROM forward_dead_letter WHERE requeued_at IS NULL').pluck().get() as number;
  const lastError =
    state.last_error_at !== null ? { code: state.last_error_code ?? 'unknown', message: state.last_error ?? '', at: toInstant(state.last_error_at) } : null;
  return {
    configured: config.centralUrl !== null,
    centralUrl: config.centralUrl,
    backlog: {
      count,
      oldestReceivedAt: oldestMs === null ? null : toInstant(oldestMs),
      oldestAgeSeconds: oldestMs === null ? null : Math.max(0, Math.round((now - oldestMs) / 1000)),
    },
    lastSyncAt: state.last_sync_at === null ? null : toInstant(state.last_sync_at),
    lastError,
    failing: state.last_error_at !== null && (state.last_sync_at === null || state.last_error_at > state.last_sync_at),
    deadLetters,
  };
}

/** Remembers a failed attempt. Best effort: when the database itself is failing, the log has it. */
export function recordForwardError(db: Db, code: ForwardErrorCode, message: string, now: number): void {
  try {
    db.prepare('UPDATE forward_state SET last_error_code = ?, last_error = ?, last_error_at = ? WHERE id = 1').run(code, message.slice(0, 500), now);
  } catch {
    // The caller has logged the failure; a status that cannot be written is not a second one.
  }
}

interface StateRow {
  last_sync_at: number | null;
  last_error_code: string | null;
  last_error: string | null;
  last_error_at: number | null;
}
