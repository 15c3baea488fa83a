import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Press } from '../shared/records.ts';

/**
 * The driver's durable outbox: every accepted press is committed here (WAL, synchronous=FULL)
 * before the panel hears ACK, and stays until the hub acknowledges it by id. A kill -9 or a power
 * cut at any moment loses nothing that was acknowledged, and a week-long hub outage is just rows.
 */
export const OUTBOX_SCHEMA_VERSION = 1;

/**
 * A dated resend names the moment of its press, so it lands within milliseconds of the held copy
 * (arrival minus age, on the driver's clock both times). Ten minutes leaves room for a clock step;
 * a counter that went back collides with presses from days or months before.
 */
export const RESEND_TIME_TOLERANCE_MS = 10 * 60_000;

export class OutboxRefusedError extends Error {
  override name = 'OutboxRefusedError';
}

/** A press as decoded and mapped, before it becomes a record. */
export interface IncomingPress {
  seq: number | null;
  button: string;
  score: number;
  bornAt: number;
  /** The panel said when it was pressed (`age`), so `bornAt` is the press's own time, not the arrival's. */
  dated: boolean;
}

export type PressOutcome =
  | { status: 'stored'; seq: number | null; record: Press }
  /** Already held (a panel resending what it was not sure we had): acknowledged again, not stored. */
  | { status: 'duplicate'; seq: number };

export interface RecordPressesResult {
  outcomes: PressOutcome[];
  /** Times a panel's counter was seen to start again (same seq, other button): a new epoch each. */
  counterResets: number;
}

/** Turns a press into its record; `lastCountedAt` is the panel's last counted press, for the misuse rule. */
export type BuildPress = (press: IncomingPress, lastCountedAt: number | null) => Press;

export interface PendingRecord {
  id: string;
  body: string;
}

export class Outbox {
  private readonly db: Database.Database;
  private readonly stmt: ReturnType<typeof prepare>;
  private readonly recordTx: (panelId: string, incoming: readonly IncomingPress[], build: BuildPress) => RecordPressesResult;

  constructor(file: string) {
    mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file, { timeout: 5000 });
    try {
      this.db.pragma('journal_mode = WAL');
      // WAL usually goes with synchronous=NORMAL, which can lose the last commits on power loss.
      // The panel forgets a press once it hears ACK, so the commit before the ACK must be on disk.
      this.db.pragma('synchronous = FULL');
      migrate(this.db);
    } catch (error) {
      this.db.close();
      throw error;
    }
    this.stmt = prepare(this.db);
    const db = this.db;

    this.recordTx = db.transaction((panelId: string, incoming: readonly IncomingPress[], build: BuildPress): RecordPressesResult => {
      const outcomes: PressOutcome[] = [];
      let counterResets = 0;
      let epoch = this.epochOf(panelId);
      for (const press of incoming) {
        if (press.seq !== null) {
          const held = this.stmt.held.get(panelId, epoch, press.seq) as { button: string; born_at: number } | undefined;
          if (held && held.button === press.button && !(press.dated && Math.abs(press.bornAt - held.born_at) > RESEND_TIME_TOLERANCE_MS)) {
            outcomes.push({ status: 'duplicate', seq: press.seq });
            continue;
          }
          // A resend always repeats its button, and when it is dated, its time. Another button, or a
          // dated press far from the held one's time, under a held seq means the panel's counter
          // started again (it lost its memory): a new press in a new epoch.
          if (held) {
            epoch = this.startEpoch(panelId, epoch, press.bornAt);
            counterResets++;
          }
        }
        const lastCountedAt = (this.stmt.lastCounted.get(panelId) as number | null) ?? null;
        const record = build(press, lastCountedAt);
        this.stmt.insert.run({
          id: record.id,
          panelId,
          epoch,
          seq: press.seq,
          button: press.button,
          bornAt: press.bornAt,
          counted: record.suppressed === null ? 1 : 0,
          body: JSON.stringify(record),
        });
        outcomes.push({ status: 'stored', seq: press.seq, record });
      }
      return { outcomes, counterResets };
    });
  }

  /** Stores the presses of one panel in one transaction (one fsync), judging each against the last counted. */
  recordPresses(panelId: string, incoming: readonly IncomingPress[], build: BuildPress): RecordPressesResult {
    return this.recordTx(panelId, incoming, build);
  }

  /**
   * A framed panel's heartbeat names the seq its next press will carry. A number at or below one
   * already held means the counter went back (a panel that lost power and memory): from here on
   * its presses are told apart from the old ones by a new epoch. Returns true when that happened.
   */
  noteNextSeq(panelId: string, nextSeq: number, at: number): boolean {
    return this.db.transaction(() => {
      const epoch = this.epochOf(panelId);
      const max = this.stmt.maxSeq.get(panelId, epoch) as number | null;
      if (max === null || nextSeq > max) return false;
      this.startEpoch(panelId, epoch, at);
      return true;
    })();
  }

  refusePress(panelId: string, seq: number | null, button: string, reason: string, at: number): void {
    this.stmt.refuse.run(panelId, seq, button, reason, at);
  }

  /** The oldest undelivered records, at most `limit` and at most `maxBytes` of JSON (at least one). */
  pending(limit: number, maxBytes: number): PendingRecord[] {
    const rows = this.stmt.pending.all(limit) as PendingRecord[];
    let bytes = 0;
    const batch: PendingRecord[] = [];
    for (const row of rows) {
      bytes += Buffer.byteLength(row.body) + 1;
      if (batch.length > 0 && bytes > maxBytes) break;
      batch.push(row);
    }
    return batch;
  }

  pendingCount(): number {
    return this.stmt.pendingCount.get() as number;
  }

  markDelivered(ids: readonly string[], at: number): number {
    // A delivered mark lost to a power cut only means a resend the hub answers 'duplicate', so this
    // commit skips the fsync (the next FULL commit syncs it along). It would otherwise block the
    // driver for a whole fsync right when the next press may be arriving.
    this.db.pragma('synchronous = NORMAL');
    try {
      return this.db.transaction(() => ids.reduce((n, id) => n + this.stmt.deliver.run(at, id).changes, 0))();
    } finally {
      this.db.pragma('synchronous = FULL');
    }
  }

  moveToDeadLetter(entries: readonly { id: string; reason: string }[], at: number): number {
    return this.db.transaction(() =>
      entries.reduce((n, { id, reason }) => {
        const changed = this.stmt.kill.run(at, id).changes;
        if (changed) this.stmt.deadLetter.run(id, reason, at);
        return n + changed;
      }, 0),
    )();
  }

  lastPressAt(panelId: string): number | null {
    return (this.stmt.lastPress.get(panelId) as number | null) ?? null;
  }

  lastDeliveredAt(): number | null {
    return (this.stmt.lastDelivered.get() as number | null) ?? null;
  }

  /** Forgets delivered presses settled before `before`: the hub holds them; the driver's file stays small. */
  prune(before: number): number {
    return this.stmt.prune.run(before).changes;
  }

  /** How this connection stores: logged at start, so a weakened setting would show. */
  durability(): { journalMode: string; synchronous: 'off' | 'normal' | 'full' | 'extra' } {
    const levels = ['off', 'normal', 'full', 'extra'] as const;
    return {
      journalMode: String(this.db.pragma('journal_mode', { simple: true })),
      synchronous: levels[this.db.pragma('synchronous', { simple: true }) as number] ?? 'off',
    };
  }

  close(): void {
    this.db.close();
  }

  private epochOf(panelId: string): number {
    return (this.stmt.epoch.get(panelId) as number | undefined) ?? 0;
  }

  private startEpoch(panelId: string, current: number, at: number): number {
    this.stmt.setEpoch.run(panelId, current + 1, at);
    return current + 1;
  }
}

function prepare(db: Database.Database) {
  return {
    epoch: db.prepare('SELECT epoch FROM panel_epoch WHERE panel_id = ?').pluck(),
    setEpoch: db.prepare('INSERT INTO panel_epoch (panel_id, epoch, started_at) VALUES (?, ?, ?) ON CONFLICT (panel_id) DO UPDATE SET epoch = excluded.epoch, started_at = excluded.started_at'),
    held: db.prepare('SELECT button, born_at FROM press WHERE panel_id = ? AND epoch = ? AND panel_seq = ?'),
    maxSeq: db.prepare('SELECT MAX(panel_seq) FROM press WHERE panel_id = ? AND epoch = ?').pluck(),
    lastCounted: db.prepare('SELECT MAX(born_at) FROM press WHERE panel_id = ? AND counted = 1').pluck(),
    lastPress: db.prepare('SELECT MAX(born_at) FROM press WHERE panel_id = ?').pluck(),
    insert: db.prepare(
      'INSERT INTO press (id, panel_id, epoch, panel_seq, button, born_at, counted, body) VALUES (@id, @panelId, @epoch, @seq, @button, @bornAt, @counted, @body)',
    ),
    refuse: db.prepare('INSERT INTO refused_press (panel_id, panel_seq, button, reason, at) VALUES (?, ?, ?, ?, ?)'),
    pending: db.prepare("SELECT id, body FROM press WHERE state = 'pending' ORDER BY n LIMIT ?"),
    pendingCount: db.prepare("SELECT COUNT(*) FROM press WHERE state = 'pending'").pluck(),
    deliver: db.prepare("UPDATE press SET state = 'delivered', settled_at = ? WHERE id = ? AND state = 'pending'"),
    kill: db.prepare("UPDATE press SET state = 'dead', settled_at = ? WHERE id = ? AND state = 'pending'"),
    deadLetter: db.prepare('INSERT INTO dead_letter (record_id, reason, at) VALUES (?, ?, ?) ON CONFLICT (record_id) DO NOTHING'),
    lastDelivered: db.prepare("SELECT MAX(settled_at) FROM press WHERE state = 'delivered'").pluck(),
    prune: db.prepare("DELETE FROM press WHERE state = 'delivered' AND settled_at < ?"),
  };
}

function migrate(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > OUTBOX_SCHEMA_VERSION) {
    throw new OutboxRefusedError(`driver.sqlite has schema version ${version}, newer than this driver (${OUTBOX_SCHEMA_VERSION}); update the driver`);
  }
  if (version === OUTBOX_SCHEMA_VERSION) return;
  const sql = readFileSync(path.join(import.meta.dirname, 'outbox-schema.sql'), 'utf8');
  db.transaction(() => {
    db.exec(sql);
    db.pragma(`user_version = ${OUTBOX_SCHEMA_VERSION}`);
  })();
}
