import { officeIdSchema } from '../offices.ts';
import { z } from '../zod.ts';

/**
 * The CX dashboard's socket protocol (namespace `/dashboard`). No figures travel over the socket:
 * the server only says which offices' figures changed, at most about once a second per room, and
 * the page refetches from the JSON API it already uses. So the live view and the API cannot
 * disagree, and a burst of presses costs one refetch.
 *
 * client → server `watch` { officeId?: string | null }, ack WatchReply: the socket joins the rooms
 *   of its scope (`figures:<officeId>`, `figures:*` for the region on the central, or an office
 *   head's own offices when they ask for "every office" there).
 * server → client `figures-changed` FiguresChanged.
 * The namespace is DASHBOARD_NAMESPACE (wire.ts).
 */

export const figuresRoom = (officeId: string | null): string => `figures:${officeId ?? '*'}`;
/** The office a room is about; null for the region room. */
export const officeOfFiguresRoom = (room: string): string | null => (room === 'figures:*' ? null : room.slice('figures:'.length));

export const watchRequestSchema = z.strictObject({ officeId: officeIdSchema.nullable().default(null) });

/** signed-out: the session ended since the socket was opened (the socket is closed after this answer). */
export type WatchReply = { ok: true; value: { rooms: string[] } } | { ok: false; reason: 'bad-request' | 'other-office' | 'signed-out'; message: string };

export interface FiguresChanged {
  /** Offices with new presses or responses since the last notice to this room. */
  officeIds: string[];
  at: string;
}

export interface DashboardServerEvents {
  'figures-changed': (notice: FiguresChanged) => void;
}

export interface DashboardClientEvents {
  watch: (request: unknown, ack: (reply: WatchReply) => void) => void;
}

