import { sql as raw, type Kysely } from 'kysely';
import type { CentralSql } from './central-sql.ts';
import type { Tables } from './tables.ts';

/**
 * Turns on the central's PostgreSQL: transactions that must not run side by side (docs/central-postgres.md,
 * "Requests at once") take a transaction-scoped advisory lock first, held until they end. SQLite
 * runs every transaction alone on its one connection, so there this does nothing.
 *
 * Each kind of turn has its own first key (PostgreSQL's two-key form, a key space apart from the
 * one-key locks of the tallies, office keys and migrations), and the thing waited for is put in
 * one of a bounded number of slots: a batch of 1,000 register events takes at most REGISTER_SLOTS
 * locks, never a thousand (PostgreSQL's lock table is shared by the whole cluster), and two
 * unrelated things in one slot only wait a moment for each other.
 */
const KIND = { regional: 1601, registerEntry: 1602, inWork: 1603 } as const;
const REGISTER_SLOTS = 64;
const IN_WORK_SLOTS = 1024;

/**
 * The first statement of every transaction that bumps the regional revision (saveRegional, a
 * survey's publication, the shell's new account, the central's start). Side by side, two changes
 * would both number themselves newest + 1 (the second failing with 500), publish a survey as the
 * same version (the second lost), or each pass a check the other invalidates (the last administrator).
 */
export const regionalTurn = (sql: CentralSql, trx: Kysely<Tables>): Promise<void> => take(sql, trx, KIND.regional, [0]);

/** The register's entries: their events are checked and folded one transaction at a time per entry. */
export const registerEntriesTurn = (sql: CentralSql, trx: Kysely<Tables>, entryIds: Iterable<string>): Promise<void> =>
  take(sql, trx, KIND.registerEntry, [...entryIds].map((id) => slotOf(id, REGISTER_SLOTS)));

/** «Взять в работу» of one comment or alert (`response:<id>`, `alert:<id>`). */
export const inWorkTurn = (sql: CentralSql, trx: Kysely<Tables>, takenFrom: string): Promise<void> => take(sql, trx, KIND.inWork, [slotOf(takenFrom, IN_WORK_SLOTS)]);

// Slots in ascending order, each once: two transactions never wait on each other crosswise.
async function take(sql: CentralSql, trx: Kysely<Tables>, kind: number, slots: readonly number[]): Promise<void> {
  if (sql.dialect !== 'postgres') return;
  for (const slot of [...new Set(slots)].sort((a, b) => a - b)) await raw`SELECT pg_advisory_xact_lock(${kind}::int, ${slot}::int)`.execute(trx);
}

/** FNV-1a of the text, in [0, slots). */
function slotOf(text: string, slots: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % slots;
}
