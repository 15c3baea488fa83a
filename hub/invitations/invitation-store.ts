import type { Kysely } from 'kysely';
import type { CentralSql } from '../sql/central-sql.ts';
import type { Tables } from '../sql/tables.ts';
import type { InvitationChannel } from './token.ts';

/**
 * The two invitation tables (SQLite migrations/0008_invitations.sql, PostgreSQL migrations-pg/0019
 * and 0022), both on CentralSql: the same statements on both databases. Only sha256 hashes of
 * tokens are kept; the e-mail address a link was sent to is not kept anywhere.
 */
export interface IssuedInvitation {
  tokenHash: Buffer;
  officeId: string;
  channel: InvitationChannel;
  desk: string | null;
  serviceId: string | null;
  issuedBy: string;
  issuedAt: number;
  expiresAt: number;
}

export interface InvitationUse {
  officeId: string;
  responseId: string;
  usedAt: number;
}

/**
 * The trigger of migrations/0016 (PostgreSQL: migrations-pg/0022, the same in PL/pgSQL) counts it in
 * invitation_day, for the central, in the same statement.
 */
export async function recordIssuedInvitation(sql: CentralSql, issued: IssuedInvitation): Promise<void> {
  await sql.db
    .insertInto('invitation')
    .values({
      token_hash: issued.tokenHash,
      office_id: issued.officeId,
      channel: issued.channel,
      desk: issued.desk,
      service_id: issued.serviceId,
      issued_by: issued.issuedBy,
      issued_at: issued.issuedAt,
      expires_at: issued.expiresAt,
    })
    .execute();
}

/** How many invitations an office issued since `since`, by channel (for the invite page). */
export async function countIssuedInvitations(sql: CentralSql, officeId: string, since: number): Promise<Record<InvitationChannel, number>> {
  const rows = await sql.db
    .selectFrom('invitation')
    .select((eb) => ['channel', eb.fn.countAll<number | string>().as('n')])
    .where('office_id', '=', officeId)
    .where('issued_at', '>=', since)
    .groupBy('channel')
    .execute();
  const counts: Record<InvitationChannel, number> = { 'visit-qr': 0, 'email-link': 0 };
  for (const r of rows) counts[r.channel] = Number(r.n);
  return counts;
}

/**
 * Spent invitations (invitation_use: SQLite 0008, PostgreSQL 0019), the same statements on both
 * databases (hub/sql/central-sql.ts). `db` is `sql.db`, or the transaction (`trx`) the response is
 * stored in.
 */
export async function findInvitationUse(db: Kysely<Tables>, tokenHash: Buffer): Promise<InvitationUse | null> {
  const row = await db.selectFrom('invitation_use').select(['office_id', 'response_id', 'used_at']).where('token_hash', '=', tokenHash).executeTakeFirst();
  return row ? { officeId: row.office_id, responseId: row.response_id, usedAt: row.used_at } : null;
}

/**
 * Spends the token for this use, inside the response's transaction: false, with nothing written,
 * when it is spent already. On PostgreSQL a concurrent spend of the same token waits here for the
 * other transaction and then reads false; the caller tells a resend (same response) from another
 * answer by reading the use that won.
 */
export async function spendInvitation(db: Kysely<Tables>, tokenHash: Buffer, use: InvitationUse): Promise<boolean> {
  const result = await db
    .insertInto('invitation_use')
    .values({ token_hash: tokenHash, office_id: use.officeId, response_id: use.responseId, used_at: use.usedAt })
    .onConflict((oc) => oc.column('token_hash').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}
