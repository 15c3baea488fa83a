import { officeIdSchema } from '../offices.ts';
import { z } from '../zod.ts';
import type { DeviceBoard } from './board.ts';
import type { DeviceBoard as SharedDeviceBoard } from '../api/board.ts';

/**
 * The live board's socket protocol (namespace `/devices`).
 *
 * client → server `join` { officeId?: string | null }, ack JoinReply: the client is put in the
 *   room of its scope and gets the current board in the ack. A socket is in one board room at a time.
 * server → client `board` DeviceBoard: the whole board of the room, at most a few times a second.
 *
 * Rooms are per office (`devices:<officeId>`; `devices:*` is every office, central only), so
 * office-bound staff can later be held to their own office's room at `join`.
 * The namespace is BOARD_NAMESPACE (wire.ts).
 */
export const boardRoom = (officeId: string | null): string => `devices:${officeId ?? '*'}`;
export const officeOfRoom = (room: string): string | null => {
  const id = room.slice('devices:'.length);
  return id === '*' ? null : id;
};

export const joinRequestSchema = z.strictObject({ officeId: officeIdSchema.nullable().default(null) });

/** signed-out: the session ended since the socket was opened (the socket is closed after this answer). */
export type JoinRefusal = 'bad-request' | 'other-office' | 'internal' | 'signed-out';
export type JoinReply = { ok: true; value: DeviceBoard } | { ok: false; reason: JoinRefusal; message: string };

export interface BoardServerEvents {
  /** Typed by the shared schema the staff app reads: the hub's board must fit it (shared/api/board.ts). */
  board: (board: SharedDeviceBoard) => void;
}

export interface BoardClientEvents {
  join: (request: unknown, ack: (reply: JoinReply) => void) => void;
}

