import type { Kysely } from 'kysely';
import type { Db } from '../db/open.ts';
import type { Tables } from '../sql/tables.ts';
import type { InvitationChannel } from './token.ts';

/**
 * The two invitation tables (migrations/0008_invitations.sql): `invitation` here on the hub's
 * SQLite, `invitation_use` on CentralSql (below). Only sha256 hashes of tokens are
 * kept; the e-mail address a link was sent to is not kept anywhere.
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

/** The trigger of migrations/0015 counts it in invitation_day, for the central, in the same statement. */
export function recordIssuedInvitation(db: Db, issued: IssuedInvitation): void {
  db.prepare(
    'INSERT INTO invitation (token_hash, office_id, channel, desk, service_id, issued_by, issued_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(issued.tokenHash, issued.officeId, issued.channel, issued.desk, issued.serviceId, issued.issuedBy, issued.issuedAt, issued.expiresAt);
}

/** How many invitations an office issued since `since`, by channel (for the invite page). */
export function countIssuedInvitations(db: Db, officeId: string, since: number): Record<InvitationChannel, number> {
  const rows = db.prepare('SELECT channel, count(*) AS n FROM invitation WHERE office_id = ? AND issued_at >= ? GROUP BY channel').all(officeId, since) as {
    channel: InvitationChannel;
    n: number;
  }[];
  const counts: Record<InvitationChannel, number> = { 'visit-qr': 0, 'email-link': 0 };
  for (const r of rows) counts[r.channel] = r.n;
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

/** Call inside the response's transaction: the primary key makes a second use fail loudly. */
export async function insertInvitationUse(db: Kysely<Tables>, tokenHash: Buffer, use: InvitationUse): Promise<void> {
  await db.insertInto('invitation_use').values({ token_hash: tokenHash, office_id: use.officeId, response_id: use.responseId, used_at: use.usedAt }).execute();
}
