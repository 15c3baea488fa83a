import type { HubContext } from '../context.ts';
import { getForwardStatus } from '../forward/forward-status.ts';
import type { DeviceBoard } from '../../shared/protocol/board.ts';
import { buildDeviceBoard, type BoardDeps } from './device-board.ts';
import { createHealthQueries } from '../devices/health-queries.ts';
import { createLinkStore } from '../devices/link-store.ts';
import { hubStorageAdvice } from '../storage/storage-advice.ts';

/** The board's reading side, built from the hub context: what the JSON route and the live board share. */
export function createBoardReader(ctx: HubContext) {
  const deps: BoardDeps = {
    queries: createHealthQueries(ctx.sql),
    records: ctx.records,
    store: createLinkStore(ctx.sql),
    settings: {
      role: ctx.config.role,
      officeId: ctx.config.officeId,
      // Read at every snapshot: the central may hand down other hours while the hub runs.
      get workingHours() {
        return ctx.workingHours.current();
      },
      deviceSilenceMinutes: ctx.config.deviceSilenceMinutes,
      deviceHeartbeatSeconds: ctx.config.deviceHeartbeatSeconds,
    },
    forwardReport: () => (ctx.config.role === 'office' ? getForwardStatus(ctx.db, ctx.sql, ctx.config, ctx.clock()) : null),
    officeName: (id) => ctx.offices.find(id)?.name ?? null,
    hubStorage: () => ({ role: ctx.config.role, report: ctx.storage.report(), advice: hubStorageAdvice(ctx.config) }),
  };
  return {
    deps,
    /** Rejects with DatabaseUnavailableError when the central's PostgreSQL cannot be reached. */
    board: (officeId: string | null): Promise<DeviceBoard> => buildDeviceBoard(deps, officeId, ctx.clock()),
    /**
     * Which office a request may see: an office hub shows only its own office; the central shows
     * the office asked for, or every office. A foreign office on an office hub is refused.
     */
    scope(requested: string | null): { ok: true; value: string | null } | { ok: false; reason: 'other-office' } {
      if (ctx.config.role === 'central') return { ok: true, value: requested };
      if (requested !== null && requested !== ctx.config.officeId) return { ok: false, reason: 'other-office' };
      return { ok: true, value: ctx.config.officeId };
    },
  };
}

export type BoardReader = ReturnType<typeof createBoardReader>;
