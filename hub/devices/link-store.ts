import type { Db } from '../db/open.ts';
import { HISTORY_KEPT, type LinkEventKind } from '../../shared/protocol/board.ts';
import type { DeviceLinks, LinkEventDraft, LinkState } from './link-state.ts';

/**
 * The board's own tables (migration 0002): link states, the disconnect history (bounded per
 * device), and the office's panels. Only the health tracker writes them.
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

interface LinkRow {
  office_id: string;
  device_id: string;
  panel_id: string;
  online: 0 | 1;
  since: number;
  disconnects: number | null;
}

export const deviceKey = (officeId: string, deviceId: string): string => `${officeId}/${deviceId}`;

export function createLinkStore(db: Db) {
  const selectAll = db.prepare('SELECT * FROM device_link WHERE (@office IS NULL OR office_id = @office)');
  const selectDevice = db.prepare('SELECT * FROM device_link WHERE office_id = ? AND device_id = ?');
  const upsertLink = db.prepare(`INSERT INTO device_link (office_id, device_id, panel_id, online, since, disconnects) VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT (office_id, device_id, panel_id) DO UPDATE SET online = excluded.online, since = excluded.since, disconnects = excluded.disconnects`);
  const insertEvent = db.prepare('INSERT INTO device_event (office_id, device_id, panel_id, kind, at, cause) VALUES (?, ?, ?, ?, ?, ?)');
  const prune = db.prepare(`DELETE FROM device_event WHERE office_id = @office AND device_id = @device AND seq <=
    (SELECT seq FROM device_event WHERE office_id = @office AND device_id = @device ORDER BY seq DESC LIMIT 1 OFFSET @keep)`);
  const selectEvents = db.prepare('SELECT panel_id, kind, at, cause FROM device_event WHERE office_id = ? AND device_id = ? ORDER BY seq DESC LIMIT ?');
  const selectPanels = db.prepare('SELECT office_id, panel_id, device_id, first_seen_at FROM device_panel WHERE (@office IS NULL OR office_id = @office) ORDER BY office_id, panel_id');
  const upsertPanel = db.prepare(`INSERT INTO device_panel (office_id, panel_id, device_id, first_seen_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (office_id, panel_id) DO UPDATE SET device_id = excluded.device_id`);

  const toLinks = (rows: LinkRow[]): DeviceLinks | null => {
    const own = rows.find((r) => r.panel_id === '');
    if (!own) return null;
    const state = (r: LinkRow): LinkState => ({ online: r.online === 1, since: r.since, disconnects: r.disconnects });
    return { device: state(own), panels: new Map(rows.filter((r) => r.panel_id !== '').map((r) => [r.panel_id, state(r)])) };
  };

  return {
    /** Every device's links in scope, keyed by deviceKey. */
    loadAll(officeId: string | null): Map<string, DeviceLinks> {
      const byDevice = new Map<string, LinkRow[]>();
      for (const row of selectAll.all({ office: officeId }) as LinkRow[]) {
        const key = deviceKey(row.office_id, row.device_id);
        byDevice.set(key, [...(byDevice.get(key) ?? []), row]);
      }
      const result = new Map<string, DeviceLinks>();
      for (const [key, rows] of byDevice) {
        const links = toLinks(rows);
        if (links) result.set(key, links);
      }
      return result;
    },

    load(officeId: string, deviceId: string): DeviceLinks | null {
      return toLinks(selectDevice.all(officeId, deviceId) as LinkRow[]);
    },

    /** Stores the changed states and the events of one step; call inside a transaction. */
    save(officeId: string, deviceId: string, links: DeviceLinks, changed: readonly string[], events: readonly LinkEventDraft[]): void {
      for (const panelId of new Set(changed)) {
        const state = panelId === '' ? links.device : links.panels.get(panelId);
        if (state) upsertLink.run(officeId, deviceId, panelId, state.online ? 1 : 0, state.since, state.disconnects);
      }
      for (const e of events) insertEvent.run(officeId, deviceId, e.panelId, e.kind, e.at, e.cause);
      if (events.length > 0) prune.run({ office: officeId, device: deviceId, keep: HISTORY_KEPT });
    },

    /** Newest first. */
    events(officeId: string, deviceId: string, limit: number): StoredLinkEvent[] {
      return (selectEvents.all(officeId, deviceId, limit) as { panel_id: string; kind: LinkEventKind; at: number; cause: string }[]).map((r) => ({
        panelId: r.panel_id,
        kind: r.kind,
        at: r.at,
        cause: r.cause,
      }));
    },

    panels(officeId: string | null): KnownPanel[] {
      return (selectPanels.all({ office: officeId }) as { office_id: string; panel_id: string; device_id: string; first_seen_at: number }[]).map((r) => ({
        officeId: r.office_id,
        panelId: r.panel_id,
        deviceId: r.device_id,
        firstSeenAt: r.first_seen_at,
      }));
    },

    /** Records a panel, or the driver it moved to; call inside a transaction. */
    notePanel(panel: KnownPanel): void {
      upsertPanel.run(panel.officeId, panel.panelId, panel.deviceId, panel.firstSeenAt);
    },
  };
}

export type LinkStore = ReturnType<typeof createLinkStore>;
