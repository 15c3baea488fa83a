import type { Socket } from 'socket.io';
import { officeIdSchema } from '../../shared/offices.ts';
import { z } from '../../shared/zod.ts';
import type { Access } from '../http/route-table.ts';
import type { DeviceBoard } from '../devices/board-model.ts';
import type { DeviceBoard as SharedDeviceBoard } from '../../shared/api/board.ts';

/**
 * The live board's socket protocol (namespace `/devices`).
 *
 * client → server `join` { officeId?: string | null }, ack JoinReply: the client is put in the
 *   room of its scope and gets the current board in the ack. A socket is in one board room at a time.
 * server → client `board` DeviceBoard: the whole board of the room, at most a few times a second.
 *
 * Rooms are per office (`devices:<officeId>`; `devices:*` is every office, central only), so
 * office-bound staff can later be held to their own office's room at `join`.
 */
export const BOARD_NAMESPACE = '/devices';

/** Who may see the board, over HTTP and over the socket alike. */
export const BOARD_ACCESS: Access = { kind: 'staff', roles: ['admin', 'aho'], officeScoped: false };

export const boardRoom = (officeId: string | null): string => `devices:${officeId ?? '*'}`;
export const officeOfRoom = (room: string): string | null => {
  const id = room.slice('devices:'.length);
  return id === '*' ? null : id;
};

export const joinRequestSchema = z.strictObject({ officeId: officeIdSchema.nullable().default(null) });

export type JoinRefusal = 'bad-request' | 'other-office' | 'internal';
export type JoinReply = { ok: true; value: DeviceBoard } | { ok: false; reason: JoinRefusal; message: string };

export interface BoardServerEvents {
  /** Typed by the shared schema the staff app reads: the hub's board must fit it (shared/api/board.ts). */
  board: (board: SharedDeviceBoard) => void;
}

export interface BoardClientEvents {
  join: (request: unknown, ack: (reply: JoinReply) => void) => void;
}

