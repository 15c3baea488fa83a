import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_OFFICES } from '../../shared/offices.ts';
import { regionalSnapshotSchema, type RegionalSnapshot } from '../../shared/protocol/regional-config.ts';
import { makeTempDir, removeTempDirs } from '../../test/support/temp-dirs.ts';
import { silentLogger } from '../../test/support/test-records.ts';
import { readHubConfig } from '../config.ts';
import { createHubContext } from '../server.ts';
import { createSession, findSession } from '../staff/sessions.ts';
import { createUser, findUserByLogin } from '../staff/users.ts';
import { applySnapshot } from './apply-snapshot.ts';

/** Accounts at apply: matched by login, sessions ended where access changed, local accounts left alone. */
const HASH_A = '$argon2id$v=19$m=19456,t=2,p=1$YWFhYWFhYWFhYWFhYWFhYQ$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g';
const HASH_B = '$argon2id$v=19$m=19456,t=2,p=1$YmJiYmJiYmJiYmJiYmJiYg$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g';
afterAll(() => removeTempDirs());

const snap = (revision: number, users: RegionalSnapshot['users']): RegionalSnapshot =>
  regionalSnapshotSchema.parse({
    schemaVersion: 2,
    officeId: 'sharya',
    revision,
    changedAt: new Date().toISOString(),
    offices: DEFAULT_OFFICES.map((o) => ({ ...o, closedAt: null })),
    services: [{ id: 'other', name: 'Другое', active: true }],
    alertRules: [],
    workingHours: { start: '08:00', end: '18:00', days: [1, 2, 3, 4, 5] },
    users,
    surveys: [],
  });
const user = (login: string, patch: Partial<RegionalSnapshot['users'][number]> = {}) => ({ login, displayName: login, passwordHash: HASH_A, passwordChangedAt: null, disabledAt: null, roles: [{ role: 'cx' as const, officeId: null }], ...patch });

describe('applying the central’s accounts', () => {
  it('ends sessions on a new hash, new roles, disabling or removal; keeps the rest and local accounts', async () => {
    const config = readHubConfig({ ROLE: 'office', OFFICE_ID: 'sharya', DATA_DIR: makeTempDir('apply-accounts-') });
    if (!config.ok) throw new Error(config.message);
    const ctx = createHubContext(config.value, { logger: silentLogger });
    const ended: number[] = [];
    ctx.events.on('sessions-ended', (e) => ended.push(e.userId));
    const local = await createUser(ctx.sql, { login: 'local.clerk', displayName: 'Местный', roles: [{ role: 'staff', officeId: 'sharya' }] }, Date.now());
    expect(await applySnapshot(ctx, snap(1, [user('same'), user('rehashed'), user('reroled'), user('disabled'), user('removed')]))).toMatchObject({ ok: true, sessionsEnded: [] });
    const ids = new Map<string, number>();
    for (const l of ['same', 'rehashed', 'reroled', 'disabled', 'removed', 'local.clerk']) ids.set(l, (await findUserByLogin(ctx.sql, l))!.id);
    const id = (login: string) => ids.get(login)!;
    const sessions = new Map<string, string>();
    for (const l of ids.keys()) sessions.set(l, (await createSession(ctx.sql, id(l), Date.now())).cookieValue);

    const result = await applySnapshot(ctx, snap(2, [user('same'), user('rehashed', { passwordHash: HASH_B }), user('reroled', { roles: [{ role: 'office-head', officeId: 'sharya' }] }), user('disabled', { disabledAt: new Date().toISOString() })]));
    expect(result.ok).toBe(true);
    expect(new Set(ended)).toEqual(new Set(['rehashed', 'reroled', 'disabled', 'removed'].map(id)));
    const alive = async (l: string) => (await findSession(ctx.sql, sessions.get(l)!, Date.now())) !== null;
    for (const l of ['same', 'local.clerk']) expect(await alive(l)).toBe(true);
    for (const l of ['rehashed', 'reroled', 'disabled', 'removed']) expect(await alive(l)).toBe(false);
    expect(await findUserByLogin(ctx.sql, 'removed')).toMatchObject({ roles: [], disabledAt: expect.any(Number) });
    expect(await findUserByLogin(ctx.sql, 'local.clerk')).toMatchObject({ id: local.id, disabledAt: null, roles: [{ role: 'staff', officeId: 'sharya' }] });
    // Never back: the same revision again is refused and changes nothing.
    expect(await applySnapshot(ctx, snap(2, []))).toEqual({ ok: false, reason: 'older-revision', held: 2 });
    expect((await findUserByLogin(ctx.sql, 'same'))?.disabledAt).toBeNull();
    ctx.db.close();
  });
});
