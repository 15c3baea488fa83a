import { heartbeatSchema, type Heartbeat, type DeviceKind } from '../../shared/records.ts';
import type { Db } from '../db/open.ts';
import { cachedStatement } from '../db/statement-cache.ts';
import { queryable, type Queryable } from '../sql/queryable.ts';
import type { HeartbeatTiming } from './heartbeat-timing.ts';
import type { DeviceFigures, DeviceFiguresQuery, KioskResponseFigures, PanelPressFigures } from '../records/record-source.ts';
export type { DeviceFigures, DeviceFiguresQuery, KioskResponseFigures, PanelPressFigures };

/**
 * What the board reads from the record tables: registered devices, recent heartbeats, and per panel
 * or kiosk the last record and today's count. Every query is an index range read (migration 0002),
 * so a snapshot costs the same with a thousand presses or ten million.
 *
 * Heartbeats, the registered devices and link states are read through CentralSql (`sql`, hub/sql/;
 * PostgreSQL 0001 and 0025: on a central, whichever database it runs on). The
 * presses and responses are where the RecordSource keeps them: sqliteDeviceFigures below, or on a
 * central with DATABASE_URL hub/central-pg/readers.ts (the panel_day and device_response_day rollups
 * of hub/migrations-pg/0004). The board asks for every panel and kiosk of a snapshot at once, so on
 * PostgreSQL a snapshot is one round trip, not two per device.
 */
export interface BoardDeviceRow {
  officeId: string;
  deviceId: string;
  /** null: not registered here, known only from heartbeats. */
  kind: DeviceKind | null;
  name: string | null;
  registeredAt: number | null;
}

export interface StoredHeartbeat extends HeartbeatTiming {
  /** null if the stored body no longer parses (it was valid when stored): shown as "no details". */
  body: Omit<Heartbeat, 'receivedAt'> | null;
}





export const figuresKey = (officeId: string, id: string): string => `${officeId}/${id}`;

const storedHeartbeatBody = heartbeatSchema.omit({ receivedAt: true });

export function sqliteDeviceFigures(db: Db, query: DeviceFiguresQuery): DeviceFigures {
  const lastPress = cachedStatement(db, 'SELECT max(born_at) FROM press WHERE office_id = ? AND panel_id = ?');
  const pressesSince = cachedStatement(
    db,
    'SELECT count(*) FILTER (WHERE suppressed IS NULL) AS counted, count(*) FILTER (WHERE suppressed IS NOT NULL) AS suppressed FROM press WHERE office_id = ? AND panel_id = ? AND born_at >= ?',
  );
  const lastResponse = cachedStatement(db, 'SELECT max(born_at) FROM response WHERE office_id = ? AND device_id = ?');
  const responsesSince = cachedStatement(db, 'SELECT count(*) FROM response WHERE office_id = ? AND device_id = ? AND born_at >= ?');
  const result: DeviceFigures = { panels: new Map(), kiosks: new Map() };
  for (const { officeId, panelId } of query.panels) {
    const today = pressesSince.get(officeId, panelId, query.since) as { counted: number; suppressed: number };
    const last = (lastPress.pluck().get(officeId, panelId) as number | null) ?? null;
    result.panels.set(figuresKey(officeId, panelId), { lastPressAt: last, counted: today.counted, suppressed: today.suppressed });
  }
  for (const { officeId, deviceId } of query.kiosks) {
    const last = (lastResponse.pluck().get(officeId, deviceId) as number | null) ?? null;
    result.kiosks.set(figuresKey(officeId, deviceId), { lastAt: last, count: responsesSince.pluck().get(officeId, deviceId, query.since) as number });
  }
  return result;
}

export function createHealthQueries(sql: Queryable) {
  const central = queryable(sql);
  const newestFirst = (officeId: string, deviceId: string) =>
    central.selectFrom('heartbeat').where('device_id', '=', deviceId).where('office_id', '=', officeId).orderBy('received_at', 'desc').orderBy('id', 'desc');

  return {
    /** Registered, unrevoked devices, and devices heard from that are not registered here (the central's case). */
    async devices(officeId: string | null): Promise<BoardDeviceRow[]> {
      let devices = central.selectFrom('device').select(['id', 'office_id', 'kind', 'name', 'created_at', 'revoked_at']);
      let heard = central.selectFrom('device_link').select(['office_id', 'device_id']).where('panel_id', '=', '');
      if (officeId !== null) {
        devices = devices.where('office_id', '=', officeId);
        heard = heard.where('office_id', '=', officeId);
      }
      const rows = new Map<string, BoardDeviceRow>();
      const gone = new Set<string>();
      for (const r of await devices.execute()) {
        if (r.revoked_at !== null) gone.add(`${r.office_id}/${r.id}`);
        else rows.set(`${r.office_id}/${r.id}`, { officeId: r.office_id, deviceId: r.id, kind: r.kind, name: r.name, registeredAt: r.created_at });
      }
      for (const r of await heard.execute()) {
        const key = `${r.office_id}/${r.device_id}`;
        if (!rows.has(key) && !gone.has(key)) rows.set(key, { officeId: r.office_id, deviceId: r.device_id, kind: null, name: null, registeredAt: null });
      }
      return [...rows.values()].sort((a, b) => (a.officeId + a.deviceId < b.officeId + b.deviceId ? -1 : 1));
    },

    /** Newest first: arrival and birth times only, for the interval and the clock skew. */
    async recentHeartbeatTimes(officeId: string, deviceId: string, limit: number): Promise<HeartbeatTiming[]> {
      const rows = await newestFirst(officeId, deviceId).select(['born_at', 'received_at']).limit(limit).execute();
      return rows.map((r) => ({ bornAt: r.born_at, receivedAt: r.received_at }));
    },

    /** The device's newest heartbeat with its body. */
    async latestHeartbeat(officeId: string, deviceId: string): Promise<StoredHeartbeat | null> {
      const row = await newestFirst(officeId, deviceId).select(['born_at', 'received_at', 'body']).limit(1).executeTakeFirst();
      if (!row) return null;
      let body: StoredHeartbeat['body'] = null;
      try {
        const parsed = storedHeartbeatBody.safeParse(JSON.parse(row.body));
        if (parsed.success) body = parsed.data;
      } catch {
        body = null;
      }
      return { bornAt: row.born_at, receivedAt: row.received_at, body };
    },

    async lastHeardBefore(officeId: string, deviceId: string, before: number): Promise<number | null> {
      const row = await central
        .selectFrom('heartbeat')
        .select((eb) => eb.fn.max<number | null>('received_at').as('at'))
        .where('device_id', '=', deviceId)
        .where('office_id', '=', officeId)
        .where('received_at', '<', before)
        .executeTakeFirst();
      return row?.at ?? null;
    },
  };
}

export type HealthQueries = ReturnType<typeof createHealthQueries>;
