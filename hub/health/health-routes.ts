import { Router, type Request } from 'express';
import type { HubContext } from '../context.ts';
import { forwardHealth, type ForwardHealth } from './forward-health.ts';
import { countReceivedDeadLetters } from '../ingest/dead-letters.ts';
import { VERSION } from '../version.ts';
import { readStaff } from '../staff/staff-auth.ts';
import { hubStorageAdvice } from '../storage/storage-advice.ts';

/**
 * GET /health: for monitoring and for a person checking that the hub runs. No secrets in it, but
 * the version, the refusal counters and the offices' status tell a stranger more than they should
 * (the central faces the internet): anyone gets `{ ok }` with 200 or 503; the details go to a
 * logged-in staff member and to callers on the hub's own machine (a monitoring agent, `curl
 * 127.0.0.1`, the tests). Behind the reverse proxy the caller is the address it forwards
 * (`trust proxy` is loopback only), so the public never counts as the machine itself.
 */
export function healthRoutes(ctx: HubContext): Router {
  const router = Router();
  ctx.routes.add(router, { method: 'get', path: '/health', access: { kind: 'public' }, summary: 'состояние хаба для мониторинга (подробности: сотрудникам и с самой машины)' }, async (req, res) => {
    let database: 'ok' | 'error' = 'ok';
    try {
      ctx.db.prepare('SELECT 1').get();
    } catch {
      database = 'error';
    }
    // The central's PostgreSQL (DATABASE_URL): while it cannot be reached or its schema is behind, offices' records are refused with 503.
    const postgres = ctx.postgres ? await ctx.postgres.status() : null;
    // Its replica for reports (REPORTS_DATABASE_URL): down or behind, the reports answer 503 but the
    // offices' records are still taken, so it makes the hub degraded, not down.
    const reportsReplica = ctx.postgres ? await ctx.postgres.reportsReplica() : null;
    // A disk too full to write is as down as a database that cannot be read: a plain probe sees 503.
    const storage = ctx.storage.report();
    const ok = database === 'ok' && (postgres === null || postgres === 'ok') && storage.state !== 'critical';
    res.set('Cache-Control', 'no-store');
    if (!(await mayReadDetails(ctx, req))) return void res.status(ok ? 200 : 503).json({ ok });
    const office = ctx.config.role === 'office' && database === 'ok' ? ctx.offices.find(ctx.config.officeId) : null;
    let forwarding: ForwardHealth | null = null;
    let deadLetters: number | null = null;
    try {
      if (database === 'ok') forwarding = await forwardHealth(ctx.db, ctx.sql, ctx.config, ctx.clock());
      if (database === 'ok') deadLetters = await countReceivedDeadLetters(ctx.sql);
    } catch {
      forwarding = null;
    }
    res.status(ok ? 200 : 503).json({
      ok,
      version: VERSION,
      role: ctx.config.role,
      office: office ? { id: office.id, name: office.name } : ctx.config.role === 'office' ? { id: ctx.config.officeId, name: null } : null,
      database,
      // the central's records server, when it has one: 'ok', 'unreachable', 'schema-behind' or 'error' (docs/central-postgres.md)
      ...(postgres === null ? {} : { postgres }),
      // its replica for reports, when it has one: state and replay lag (docs/central-postgres.md)
      ...(reportsReplica === null ? {} : { reportsReplica, ...(reportsReplica.state === 'ok' ? {} : { degraded: true }) }),
      schemaVersion: ctx.schemaVersion,
      // free bytes of the data folder and the state; what can be tidied when it is not ok
      storage: storage.state === 'ok' ? storage : { ...storage, advice: hubStorageAdvice(ctx.config) },
      uptimeSeconds: Math.round((ctx.clock() - ctx.startedAt) / 1000),
      refusals: Object.fromEntries(ctx.refusals),
      // records refused as conflicts (same id, other body), listed for the admin at /admin
      deadLetters,
      // office: { forward: backlog, last sync, last error }; central: { central: offices connected, silent }
      ...forwarding,
    });
  });
  return router;
}

async function mayReadDetails(ctx: HubContext, req: Request): Promise<boolean> {
  const ip = req.ip ?? '';
  if (ip === '::1' || /^(::ffff:)?127\./.test(ip)) return true;
  try {
    return (await readStaff(ctx.sql, req, ctx.clock())) !== null;
  } catch {
    return false;
  }
}
