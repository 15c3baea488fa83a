import type { SurveyAnswerRecord, SurveyResponse } from '../../../shared/records.ts';
import { createSyncLoop as createDrainLoop, type Outbox as DrainOutbox, type SyncLoopDeps as DrainLoopDeps } from '../../../shared/outbox-drain/drain-loop.ts';

/**
 * The kiosk's sender: the shared drain loop (shared/outbox-drain/drain-loop.ts, also used by the
 * staff tablet's exit poll) over the kiosk's outbox of responses and survey answers.
 */
export type { SyncEvent, SyncLoop } from '../../../shared/outbox-drain/drain-loop.ts';

/** What a kiosk queues: the main survey's responses, and answers to the CX sector's built surveys. */
export type OutboxRecord = SurveyResponse | SurveyAnswerRecord;
export type Outbox = DrainOutbox<OutboxRecord>;
export type SyncLoopDeps = DrainLoopDeps<OutboxRecord>;

export const createSyncLoop = (deps: SyncLoopDeps) => createDrainLoop(deps);
