import type { Db } from '../db/open.ts';
import type { InvitationChannel } from './token.ts';

/**
 * The two invitation tables (migrations/0008_invitations.sql). Only sha256 hashes of tokens are
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

export function invitationUseStore(db: Db) {
  const select = db.prepare('SELECT office_id, response_id, used_at FROM invitation_use WHERE token_hash = ?');
  const insert = db.prepare('INSERT INTO invitation_use (token_hash, office_id, response_id, used_at) VALUES (?, ?, ?, ?)');
  return {
    find(tokenHash: Buffer): InvitationUse | null {
      const row = select.get(tokenHash) as { office_id: string; response_id: string; used_at: number } | undefined;
      return row ? { officeId: row.office_id, responseId: row.response_id, usedAt: row.used_at } : null;
    },
    /** Call inside the response's transaction: the primary key makes a second use fail loudly. */
    insert(tokenHash: Buffer, use: InvitationUse): void {
      insert.run(tokenHash, use.officeId, use.responseId, use.usedAt);
    },
  };
}
