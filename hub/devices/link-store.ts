import { HISTORY_KEPT, type LinkEventKind } from '../../shared/protocol/board.ts';
import { queryable, type Queryable } from '../sql/queryable.ts';
import type { DeviceLinkTable } from '../sql/tables.ts';
import type { DeviceLinks, LinkEventDraft, LinkState } from './link-state.ts';

/**
 * The board's own tables: link states, the disconnect history (bounded per device), and the
 * offices' panels, on CentralSql (hub/sql/; SQLite 0002, PostgreSQL 0025). Both roles write them:
 * the office hub from its devices' batches, the central from the offices' forwarded batches; only
 * the health tracker writes, the board reads. Writes take the open transaction of the tracker's step.
 */
export interface StoredLinkEvent {
  panelId: string;
  kind: LinkEventKind;
  at: number;
  cause: string;
}

export interface KnownPanel {
  officeId: string;
  panelId: string;
  deviceId: string;
  firstSeenAt: number;
}

type LinkRow = DeviceLinkTable;

export const deviceKey = (officeId: string, deviceId: string): string => `${officeId}/${deviceId}`;

const toLinks = (rows: LinkRow[]): DeviceLinks | null => {
  const own = rows.find((r) => r.panel_id === '');
  if (!own) return null;
  const state = (r: LinkRow): LinkState => ({ online: r.online === 1, since: r.since, disconnects: r.disconnects });
  return { device: state(own), panels: new Map(rows.filter((r) => r.panel_id !== '').map((r) => [r.panel_id, state(r)])) };
};

const toEvent = (r: { panel_id: string; kind: LinkEventKind; at: number; cause: string }): StoredLinkEvent => ({ panelId: r.panel_id, kind: r.kind, at: r.at, cause: r.cause });

export function createLinkStore(sql: Queryable) {
  const db = queryable(sql);
  return {
    /** Every device's links in scope, keyed by deviceKey. */
    async loadAll(officeId: string | null): Promise<Map<string, DeviceLinks>> {
      let query = db.selectFrom('device_link').select(['office_id', 'device_id', 'panel_id', 'online', 'since', 'disconnects']);
      if (officeId !== null) query = query.where('office_id', '=', officeId);
      const byDevice = new Map<string, LinkRow[]>();
      for (const row of await query.execute()) {
        const key = deviceKey(row.office_id, row.device_id);
        const rows = byDevice.get(key);
        if (rows) rows.push(row);
        else byDevice.set(key, [row]);
      }
      const result = new Map<string, DeviceLinks>();
      for (const [key, rows] of byDevice) {
        const links = toLinks(rows);
        if (links) result.set(key, links);
      }
      return result;
    },

    async load(officeId: string, deviceId: string): Promise<DeviceLinks | null> {
      return toLinks(await db.selectFrom('device_link').select(['office_id', 'device_id', 'panel_id', 'online', 'since', 'disconnects']).where('office_id', '=', officeId).where('device_id', '=', deviceId).execute());
    },

    /** Stores the changed states and the events of one step; `trx`: the step's open transaction. */
    async save(trx: Queryable, officeId: string, deviceId: string, links: DeviceLinks, changed: readonly string[], events: readonly LinkEventDraft[]): Promise<void> {
      const t = queryable(trx);
      for (const panelId of new Set(changed)) {
        const state = panelId === '' ? links.device : links.panels.get(panelId);
        if (!state) continue;
        await t
          .insertInto('device_link')
          .values({ office_id: officeId, device_id: deviceId, panel_id: panelId, online: state.online ? 1 : 0, since: state.since, disconnects: state.disconnects })
          .onConflict((oc) => oc.columns(['office_id', 'device_id', 'panel_id']).doUpdateSet((eb) => ({ online: eb.ref('excluded.online'), since: eb.ref('excluded.since'), disconnects: eb.ref('excluded.disconnects') })))
          .execute();
      }
      // One at a time, so seq follows the order of the events on both databases.
      for (const e of events) await t.insertInto('device_event').values({ office_id: officeId, device_id: deviceId, panel_id: e.panelId, kind: e.kind, at: e.at, cause: e.cause }).execute();
      if (events.length === 0) return;
      const oldestKept = await t
        .selectFrom('device_event')
        .select('seq')
        .where('office_id', '=', officeId)
        .where('device_id', '=', deviceId)
        .orderBy('seq', 'desc')
        .limit(1)
        .offset(HISTORY_KEPT)
        .executeTakeFirst();
      if (oldestKept) await t.deleteFrom('device_event').where('office_id', '=', officeId).where('device_id', '=', deviceId).where('seq', '<=', oldestKept.seq).execute();
    },

    /** Newest first. */
    async events(officeId: string, deviceId: string, limit: number): Promise<StoredLinkEvent[]> {
      const rows = await db.selectFrom('device_event').select(['panel_id', 'kind', 'at', 'cause']).where('office_id', '=', officeId).where('device_id', '=', deviceId).orderBy('seq', 'desc').limit(limit).execute();
      return rows.map(toEvent);
    },

    /** The newest `limit` events of every device in scope, newest first, keyed by deviceKey: one query for a board. */
    async recentEvents(officeId: string | null, limit: number): Promise<Map<string, StoredLinkEvent[]>> {
      let inner = db
        .selectFrom('device_event')
        .select((eb) => ['office_id', 'device_id', 'seq', 'panel_id', 'kind', 'at', 'cause', eb.fn.agg<number>('row_number').over((ob) => ob.partitionBy(['office_id', 'device_id']).orderBy('seq', 'desc')).as('nth')]);
      if (officeId !== null) inner = inner.where('office_id', '=', officeId);
      const rows = await db.selectFrom(inner.as('e')).selectAll().where('nth', '<=', limit).orderBy('office_id').orderBy('device_id').orderBy('seq', 'desc').execute();
      const result = new Map<string, StoredLinkEvent[]>();
      for (const r of rows) {
        const key = deviceKey(r.office_id, r.device_id);
        const list = result.get(key);
        if (list) list.push(toEvent(r));
        else result.set(key, [toEvent(r)]);
      }
      return result;
    },

    async panels(officeId: string | null): Promise<KnownPanel[]> {
      let query = db.selectFrom('device_panel').select(['office_id', 'panel_id', 'device_id', 'first_seen_at']);
      if (officeId !== null) query = query.where('office_id', '=', officeId);
      const rows = await query.orderBy('office_id').orderBy('panel_id').execute();
      return rows.map((r) => ({ officeId: r.office_id, panelId: r.panel_id, deviceId: r.device_id, firstSeenAt: r.first_seen_at }));
    },

    /** Records a panel, or the driver it moved to; `trx`: the step's open transaction. */
    async notePanel(trx: Queryable, panel: KnownPanel): Promise<void> {
      await queryable(trx)
        .insertInto('device_panel')
        .values({ office_id: panel.officeId, panel_id: panel.panelId, device_id: panel.deviceId, first_seen_at: panel.firstSeenAt })
        .onConflict((oc) => oc.columns(['office_id', 'panel_id']).doUpdateSet((eb) => ({ device_id: eb.ref('excluded.device_id') })))
        .execute();
    },
  };
}

export type LinkStore = ReturnType<typeof createLinkStore>;
