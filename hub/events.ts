import { EventEmitter } from 'node:events';
import type { FeedbackRecord } from '../shared/records.ts';

/**
 * In-process notifications, emitted only after the data they describe is committed. Live views
 * (the АХО board, dashboards) subscribe here; nothing here feeds back into storage.
 */
export interface HubEventMap {
  stored: [records: FeedbackRecord[]];
  /** An office hub's forwarding attempt ended and its status changed (hub/forward/): the АХО board redraws its row. */
  'forward-status': [];
}

export type HubEvents = EventEmitter<HubEventMap>;
export const createHubEvents = (): HubEvents => new EventEmitter<HubEventMap>();
