import { afterAll, describe, expect, it } from 'vitest';
import { ROLES } from '../shared/roles.ts';
import type { RunningHub } from '../hub/server.ts';
import { startFixtureHub, type TestDatabase } from './support/fixture-hub.ts';
import { staffSession } from './support/staff-session.ts';

/**
 * Issue 16's "everything works as on SQLite", swept: every GET the central declares (pages and API,
 * a path parameter given a value that names nothing), asked by a member of staff holding every role,
 * on a central on SQLite and on one on PostgreSQL, each holding the known-answer fixture. Neither
 * answers 5xx anywhere, and both answer every address with the same status.
 */
const hubs: RunningHub[] = [];
afterAll(async () => {
  for (const hub of hubs) await hub.close();
});

async function sweep(database: TestDatabase): Promise<Map<string, number>> {
  const { hub } = await startFixtureHub({ database });
  hubs.push(hub);
  const everyRole = ROLES.map((role) => ({ role, officeId: role === 'office-head' || role === 'staff' ? 'sharya' : null }));
  const session = await staffSession(hub, 'sweeper', everyRole);
  const statuses = new Map<string, number>();
  // /logout is a POST; nothing here ends the session.
  for (const spec of hub.ctx.routes.specs.filter((s) => s.method === 'get')) {
    const address = spec.path.replace(/:[A-Za-z]+/g, '0');
    for (const accept of address.startsWith('/api/') ? ['application/json'] : ['text/html']) {
      const res = await fetch(`${hub.url}${address}`, { redirect: 'manual', headers: { accept, cookie: session.cookie } });
      await res.arrayBuffer();
      statuses.set(`GET ${address}`, res.status);
    }
  }
  return statuses;
}

describe('every GET of the central on both databases', () => {
  it('answers no 5xx on either, and the same status on both', { timeout: 180_000 }, async () => {
    const sqlite = await sweep('sqlite');
    const postgres = await sweep('postgres');
    expect(sqlite.size).toBeGreaterThan(80);
    // Most of them answer with content (92 addresses, 60 of them 200 on 7 December), not refusals.
    expect([...sqlite.values()].filter((s) => s === 200).length).toBeGreaterThan(50);
    const failing = [...sqlite, ...postgres].filter(([, status]) => status >= 500);
    expect(failing).toEqual([]);
    const differing = [...sqlite].filter(([address, status]) => postgres.get(address) !== status).map(([address, status]) => `${address}: SQLite ${status}, PostgreSQL ${postgres.get(address)}`);
    expect(differing).toEqual([]);
  });
});
