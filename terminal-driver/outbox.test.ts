import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { newRecordId } from '../shared/ids.ts';
import { pressSchema, type Press } from '../shared/records.ts';
import { toInstant } from '../shared/time.ts';
import { judgePress } from './misuse.ts';
import { Outbox, OutboxRefusedError, type BuildPress, type IncomingPress } from './outbox.ts';
import { makeTempDir, removeTempDirs } from '../test/support/temp-dirs.ts';

afterAll(removeTempDirs);

const tempFile = () => path.join(makeTempDir('outbox-'), 'driver.sqlite');

const build =
  (misuseMs = 0): BuildPress =>
  (press, lastCountedAt): Press => ({
    kind: 'press',
    id: newRecordId(),
    officeId: 'sharya',
    deviceId: 'drv',
    bornAt: toInstant(press.bornAt),
    channel: 'panel',
    panelId: 'p1',
    desk: 'Окно 2',
    seq: press.seq,
    button: press.button,
    score: press.score,
    suppressed: judgePress(lastCountedAt, press.bornAt, misuseMs),
  });

const press = (seq: number | null, button = '5', bornAt = 1_000_000, dated = false): IncomingPress => ({ seq, button, score: Number(button) || 3, bornAt, dated });

describe('driver outbox', () => {
  it('stores presses as valid records and hands them out oldest first', () => {
    const outbox = new Outbox(tempFile());
    const { outcomes } = outbox.recordPresses('p1', [press(1, '5'), press(2, '3'), press(null, '4')], build());
    expect(outcomes.map((o) => o.status)).toEqual(['stored', 'stored', 'stored']);
    const pending = outbox.pending(10, 1e6);
    expect(pending.map((r) => (JSON.parse(r.body) as Press).button)).toEqual(['5', '3', '4']);
    for (const r of pending) expect(pressSchema.safeParse(JSON.parse(r.body)).success).toBe(true);
    expect(outbox.pendingCount()).toBe(3);
  });

  it('a resent seq is a duplicate: acknowledged again, stored once, even after reopening', () => {
    const file = tempFile();
    const first = new Outbox(file);
    first.recordPresses('p1', [press(7)], build());
    first.close();
    const outbox = new Outbox(file);
    const { outcomes } = outbox.recordPresses('p1', [press(7), press(7)], build());
    expect(outcomes).toEqual([
      { status: 'duplicate', seq: 7 },
      { status: 'duplicate', seq: 7 },
    ]);
    expect(outbox.pendingCount()).toBe(1);
    // Another panel's seq 7 is its own press.
    expect(outbox.recordPresses('p2', [press(7)], build()).outcomes[0]?.status).toBe('stored');
  });

  it('the same seq with another button means the panel counter started again: a new press', () => {
    const outbox = new Outbox(tempFile());
    outbox.recordPresses('p1', [press(0, '5'), press(1, '5')], build());
    const result = outbox.recordPresses('p1', [press(0, '2'), press(1, '5')], build());
    expect(result.counterResets).toBe(1);
    expect(result.outcomes.map((o) => o.status)).toEqual(['stored', 'stored']);
    expect(outbox.pendingCount()).toBe(4);
  });

  it('a dated press far from the held copy\'s time under the same seq and button is a new press; a dated resend is not', () => {
    const outbox = new Outbox(tempFile());
    const day = 24 * 60 * 60_000;
    outbox.recordPresses('p1', [press(1, '5', 1_000_000), press(2, '4', 1_000_000)], build());
    // Resends that say when they were pressed land on the held time (within the tolerance): duplicates.
    const resent = outbox.recordPresses('p1', [press(1, '5', 1_000_000 + 1500, true), press(2, '4', 1_000_000 - 200, true)], build());
    expect(resent.outcomes.map((o) => o.status)).toEqual(['duplicate', 'duplicate']);
    // A day later the panel lost its counter without a BEAT: seq 1, same button, pressed now.
    const reset = outbox.recordPresses('p1', [press(1, '5', 1_000_000 + day, true)], build());
    expect(reset.counterResets).toBe(1);
    expect(reset.outcomes[0]?.status).toBe('stored');
    // Without an age the arrival time says nothing about the press: the old rule (same button = resend) holds.
    expect(outbox.recordPresses('p1', [press(1, '5', 1_000_000 + 2 * day)], build()).outcomes[0]?.status).toBe('duplicate');
    expect(outbox.pendingCount()).toBe(3);
  });

  it('a heartbeat whose next seq is not above the held ones starts a new epoch', () => {
    const outbox = new Outbox(tempFile());
    expect(outbox.noteNextSeq('p1', 0, 1)).toBe(false);
    outbox.recordPresses('p1', [press(0), press(1)], build());
    expect(outbox.noteNextSeq('p1', 2, 2)).toBe(false);
    expect(outbox.noteNextSeq('p1', 0, 3)).toBe(true);
    expect(outbox.recordPresses('p1', [press(0)], build()).outcomes[0]?.status).toBe('stored');
  });

  it('the misuse rule sees the last counted press, also across transactions and restarts', () => {
    const file = tempFile();
    let outbox = new Outbox(file);
    const judged = (r: ReturnType<Outbox['recordPresses']>) => r.outcomes.map((o) => (o.status === 'stored' ? o.record.suppressed : 'dup'));
    expect(judged(outbox.recordPresses('p1', [press(null, '5', 0), press(null, '5', 1000), press(null, '5', 2999)], build(3000)))).toEqual([null, 'too-soon', 'too-soon']);
    outbox.close();
    outbox = new Outbox(file);
    expect(judged(outbox.recordPresses('p1', [press(null, '5', 2500), press(null, '5', 3000), press(null, '5', 4000)], build(3000)))).toEqual(['too-soon', null, 'too-soon']);
  });

  it('delivered and dead records leave the pending list; pruning forgets old delivered ones only', () => {
    const file = tempFile();
    const outbox = new Outbox(file);
    const ids = outbox.recordPresses('p1', [press(1), press(2), press(3)], build()).outcomes.map((o) => (o.status === 'stored' ? o.record.id : ''));
    expect(outbox.markDelivered([ids[0] as string], 100)).toBe(1);
    expect(outbox.moveToDeadLetter([{ id: ids[1] as string, reason: 'score: too big' }], 100)).toBe(1);
    expect(outbox.pending(10, 1e6).map((r) => r.id)).toEqual([ids[2]]);
    expect(outbox.lastDeliveredAt()).toBe(100);
    expect(outbox.prune(101)).toBe(1);
    outbox.close();
    const db = new Database(file, { readonly: true });
    expect(db.prepare('SELECT record_id, reason FROM dead_letter').all()).toEqual([{ record_id: ids[1], reason: 'score: too big' }]);
    db.close();
  });

  it('cuts batches by count and by bytes, but always hands out at least one', () => {
    const outbox = new Outbox(tempFile());
    outbox.recordPresses('p1', Array.from({ length: 10 }, (_, i) => press(i)), build());
    expect(outbox.pending(4, 1e6)).toHaveLength(4);
    const one = Buffer.byteLength(outbox.pending(1, 1e6)[0]?.body ?? '') + 1;
    expect(outbox.pending(10, one * 3)).toHaveLength(3);
    expect(outbox.pending(10, 1)).toHaveLength(1);
  });

  it('opens with WAL and synchronous=FULL, and refuses a file from a newer driver', () => {
    const file = tempFile();
    const outbox = new Outbox(file);
    expect(outbox.durability()).toEqual({ journalMode: 'wal', synchronous: 'full' });
    outbox.close();
    const db = new Database(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.pragma('user_version = 99');
    db.close();
    expect(() => new Outbox(file)).toThrow(OutboxRefusedError);
  });
});
