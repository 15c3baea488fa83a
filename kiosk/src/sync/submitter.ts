import type { FeedbackRecord } from '../../../shared/records.ts';
import type { Submitter as DrainSubmitter } from '../../../shared/outbox-drain/submitter.ts';

/**
 * Where the kiosk's records go: kiosk mode posts to the office hub's /api/ingest with the device's
 * key (httpSubmitter, shared with the staff tablet's exit poll); phone mode posts to the central's
 * public endpoint (phone-submitter.ts).
 */
export { httpSubmitter, type HttpSubmitterOptions, type SubmitOutcome } from '../../../shared/outbox-drain/submitter.ts';
export type Submitter = DrainSubmitter<FeedbackRecord>;
