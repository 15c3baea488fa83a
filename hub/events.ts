import { EventEmitter } from 'node:events';
import type { FeedbackRecord } from '../shared/records.ts';

/**
 * In-process notifications, emitted only after the data they describe is committed. Live views
 * (the АХО board, dashboards) subscribe here, and senders wake on them (an office hub's forwarder,
 * a central's copy to PostgreSQL); a listener never changes what the event describes.
 */
export interface HubEventMap {
  stored: [records: FeedbackRecord[]];
  /** An office hub issued an invitation: its daily count changed and goes to the central (hub/forward/issued-days.ts). */
  'invitation-issued': [];
  /** A register event was stored here (issue 18): an office hub's sender wakes. No payload: events carry personal data. */
  'register-stored': [];
  /** An office hub's forwarding attempt ended and its status changed (hub/forward/): the АХО board redraws its row. */
  'forward-status': [];
  /** Staff sessions deleted: one (logout) or all of a user's (disabled, roles or password changed). Live sockets on them are closed. */
  'sessions-ended': [ended: EndedSessions];
  /** Office hub: the central's answer to a forwarded batch named this regional configuration revision (hub/regional-config/). */
  'central-config-revision': [revision: number];
}

/** `cookieValue` null: every session of the user. */
export interface EndedSessions {
  userId: number;
  cookieValue: string | null;
}

export type HubEvents = EventEmitter<HubEventMap>;
export const createHubEvents = (): HubEvents => new EventEmitter<HubEventMap>();
