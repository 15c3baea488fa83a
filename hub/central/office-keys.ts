import { randomBytes } from 'node:crypto';
import { sql as raw } from 'kysely';
import type { OfficeRow } from '../db/offices.ts';
import type { CentralSql } from '../sql/central-sql.ts';

/**
 * Office hub keys, kept on the central. A key is issued once (the secret is printed once, for the
 * office's hub.env) and revoked here; revocation takes effect on the next request, since every
 * request looks its key up. An office may hold two live keys while one replaces the other
 * (`rotate`), so a key can be changed without stopping the office's forwarding.
 *
 * The secret is stored as issued: HMAC verification needs it, a hash would not do. See
 * migrations/0003_forwarding.sql and docs/forwarding.md for why that is acceptable.
 *
 * On both databases (hub/sql/central-sql.ts). The office directory is not moved yet: the caller
 * reads the office from hub/db/offices.ts and passes it in.
 */
export interface OfficeKey {
  keyId: string;
  officeId: string;
  createdAt: number;
  revokedAt: number | null;
}

export interface IssuedOfficeKey {
  keyId: string;
  officeId: string;
  secret: string;
}

export type IssueResult = { ok: true; value: IssuedOfficeKey } | { ok: false; reason: 'unknown-office' | 'office-closed' | 'key-exists' };

/**
 * Issues a key for an office hub: `office` is the directory's row (`ctx.offices.find(id)`), null for
 * an id the directory does not know. Exported for provisioning scripts (the `npm start` stack) as
 * well as the CLI.
 */
export async function issueOfficeKey(sql: CentralSql, office: Pick<OfficeRow, 'id' | 'closedAt'> | null, now: number, options: { rotate?: boolean } = {}): Promise<IssueResult> {
  if (!office) return { ok: false, reason: 'unknown-office' };
  if (office.closedAt !== null) return { ok: false, reason: 'office-closed' };
  const officeId = office.id;
  return sql.transaction(async (trx): Promise<IssueResult> => {
    // SQLite runs one transaction at a time; on PostgreSQL two issues for one office wait for each
    // other here, so "one live key unless rotating" holds there too.
    if (sql.dialect === 'postgres') await raw`SELECT pg_advisory_xact_lock(hashtext(${`office_key:${officeId}`}))`.execute(trx);
    const live = await trx
      .selectFrom('office_key')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('office_id', '=', officeId)
      .where('revoked_at', 'is', null)
      .executeTakeFirstOrThrow();
    if (Number(live.n) > 0 && !options.rotate) return { ok: false, reason: 'key-exists' };
    const keyId = `${officeId}.${randomBytes(6).toString('hex')}`;
    const secret = `czn_hub_${randomBytes(32).toString('base64url')}`;
    await trx.insertInto('office_key').values({ key_id: keyId, office_id: officeId, secret, created_at: now, revoked_at: null }).execute();
    return { ok: true, value: { keyId, officeId, secret } };
  });
}

/** Revokes every live key of an office, or only `keyId`; returns how many were revoked. */
export async function revokeOfficeKeys(sql: CentralSql, officeId: string, now: number, keyId?: string): Promise<number> {
  let update = sql.db.updateTable('office_key').set({ revoked_at: now }).where('office_id', '=', officeId).where('revoked_at', 'is', null);
  if (keyId !== undefined) update = update.where('key_id', '=', keyId);
  const result = await update.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Every key, revoked ones too, by office then age (the secrets are not read). */
export async function listOfficeKeys(sql: CentralSql): Promise<OfficeKey[]> {
  const rows = await sql.db.selectFrom('office_key').select(['key_id', 'office_id', 'created_at', 'revoked_at']).orderBy('office_id').orderBy('created_at').execute();
  return rows.map(fromRow);
}

/** The key a request names, with its secret, revoked or not (the caller tells the two apart). */
export async function findOfficeKey(sql: CentralSql, keyId: string): Promise<(OfficeKey & { secret: string }) | null> {
  const row = await sql.db.selectFrom('office_key').select(['key_id', 'office_id', 'secret', 'created_at', 'revoked_at']).where('key_id', '=', keyId).executeTakeFirst();
  return row ? { ...fromRow(row), secret: row.secret } : null;
}

/** The lines an office hub's hub.env needs to forward with this key. */
export function officeHubEnvLines(key: IssuedOfficeKey, centralUrl: string | null): string[] {
  return [
    'ROLE=office',
    `OFFICE_ID=${key.officeId}`,
    `CENTRAL_URL=${centralUrl ?? 'https://<адрес центрального сборщика>'}`,
    `CENTRAL_KEY_ID=${key.keyId}`,
    `CENTRAL_KEY=${key.secret}`,
  ];
}

interface KeyRow {
  key_id: string;
  office_id: string;
  created_at: number;
  revoked_at: number | null;
}

const fromRow = (r: KeyRow): OfficeKey => ({ keyId: r.key_id, officeId: r.office_id, createdAt: r.created_at, revokedAt: r.revoked_at });
