import type { NewOfficeBody, OfficeChangeBody, OfficeRefusal } from '../../shared/api/offices.ts';
import { OFFICE_KIND_LABEL } from '../../shared/office-words.ts';
import type { Office } from '../../shared/offices.ts';
import type { Kysely } from 'kysely';
import type { HubContext } from '../context.ts';
import { insertOffice, setOfficeClosed, updateOffice, type OfficeRow } from '../db/offices.ts';
import type { Tables } from '../sql/tables.ts';
import { audit } from '../staff/audit.ts';
import { saveRegional, type RegionalTarget } from './regional-change.ts';
import { currentRevision } from './revisions.ts';

/**
 * The office directory changed on the central (or on an office hub without one): add, rename or
 * re-address, close, reopen. Each is a regional change (regional-change.ts): on the central it
 * commits together with a new revision naming who changed what, and reaches every office hub with
 * the next pull. An office is never deleted: presses, answers and devices name it, and the reports
 * keep it for the periods it was open. The /offices page and `npm run hub -- offices …` both come here.
 */
export type DirectoryRefusal = Exclude<OfficeRefusal['error'], 'invalid' | 'edited-at-central'>;
export type DirectoryResult =
  | { ok: true; office: OfficeRow; revision: number | null }
  | { ok: false; error: DirectoryRefusal; reason: string; field: keyof OfficeRefusal['fields'] | null };

type Who = { actor: string; ip?: string | null };

/** A regional change's target and the directory in memory (ctx.offices; the CLI loads its own). */
export type DirectoryTarget = RegionalTarget & Pick<HubContext, 'offices'>;

const quoted = (s: string) => `«${s}»`;

export async function createOffice(target: DirectoryTarget, who: Who, body: NewOfficeBody): Promise<DirectoryResult> {
  const existing = target.offices.find(body.id);
  if (existing) {
    const state = existing.closedAt === null ? '' : ' (закрыт; его можно открыть снова)';
    return refused('exists', `идентификатор ${body.id} уже занят отделом ${quoted(existing.name)}${state}: идентификатор не меняется и не используется повторно`, 'id');
  }
  const office: Office = { id: body.id, name: body.name, kind: body.kind, address: body.address };
  return saved(target, who, body.id, 'office.create', `новый отдел ${body.id} ${quoted(body.name)}`, `${OFFICE_KIND_LABEL[body.kind]}; ${body.address}`, (trx) => insertOffice(trx, office));
}

export async function changeOffice(target: DirectoryTarget, who: Who, id: string, patch: OfficeChangeBody): Promise<DirectoryResult> {
  const before = target.offices.find(id);
  if (!before) return refused('not-found', `нет отдела ${id} в справочнике`, null);
  const after: Office = { id, name: patch.name ?? before.name, kind: patch.kind ?? before.kind, address: patch.address ?? before.address };
  const changes = [
    after.name !== before.name ? `название: ${quoted(before.name)} → ${quoted(after.name)}` : null,
    after.kind !== before.kind ? `вид: ${OFFICE_KIND_LABEL[before.kind]} → ${OFFICE_KIND_LABEL[after.kind]}` : null,
    after.address !== before.address ? `адрес: ${quoted(before.address)} → ${quoted(after.address)}` : null,
  ].filter((c): c is string => c !== null);
  // The same values again: nothing to hand down, no revision.
  if (changes.length === 0) return { ok: true, office: before, revision: await revisionOf(target) };
  return saved(target, who, id, 'office.update', `отдел ${id}: ${changes.join('; ')}`, changes.join('; '), (trx) => updateOffice(trx, after));
}

export async function closeOffice(target: DirectoryTarget, who: Who, id: string): Promise<DirectoryResult> {
  const office = target.offices.find(id);
  if (!office) return refused('not-found', `нет отдела ${id} в справочнике`, null);
  if (office.closedAt !== null) return refused('closed', `отдел ${quoted(office.name)} уже закрыт`, null);
  return saved(target, who, id, 'office.close', `закрыт отдел ${id} ${quoted(office.name)}`, office.name, (trx) => setOfficeClosed(trx, id, target.clock()));
}

export async function reopenOffice(target: DirectoryTarget, who: Who, id: string): Promise<DirectoryResult> {
  const office = target.offices.find(id);
  if (!office) return refused('not-found', `нет отдела ${id} в справочнике`, null);
  if (office.closedAt === null) return refused('not-closed', `отдел ${quoted(office.name)} не закрыт`, null);
  return saved(target, who, id, 'office.reopen', `снова открыт отдел ${id} ${quoted(office.name)}`, office.name, (trx) => setOfficeClosed(trx, id, null));
}

async function saved(target: DirectoryTarget, who: Who, id: string, action: 'office.create' | 'office.update' | 'office.close' | 'office.reopen', what: string, detail: string, apply: (trx: Kysely<Tables>) => Promise<void>): Promise<DirectoryResult> {
  // The change, its revision and its audit entry commit together, in ctx.sql's transaction; the
  // directory in memory then takes what the database holds (after a rollback, the old directory).
  try {
    await saveRegional(target, { actor: who.actor, what }, async (trx) => {
      await apply(trx);
      await audit(trx, { at: target.clock(), actor: who.actor, action, target: id, detail, ip: who.ip ?? null });
    });
  } finally {
    await target.offices.load(target.sql);
  }
  return { ok: true, office: target.offices.find(id)!, revision: await revisionOf(target) };
}

const revisionOf = async (target: DirectoryTarget): Promise<number | null> => (target.config.role === 'central' ? ((await currentRevision(target.sql))?.revision ?? null) : null);

function refused(error: DirectoryRefusal, reason: string, field: keyof OfficeRefusal['fields'] | null): DirectoryResult {
  return { ok: false, error, reason, field };
}
