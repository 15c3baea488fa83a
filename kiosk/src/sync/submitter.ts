import type { IngestStatus } from '../../../shared/protocol/ingest.ts';
import type { FeedbackRecord } from '../../../shared/records.ts';
import { readIngestAck, readIngestRejection } from './ingest-wire.ts';
import { postJson } from './post-json.ts';

/**
 * Where finished responses go. Kiosk mode posts to the office hub's /api/ingest with the device's
 * key; phone mode posts to the central's public endpoint (phone-submitter.ts). The sync loop
 * knows only this interface.
 *
 * `reason` of a failure is a short code, counted in the heartbeat's error counters.
 */
export type SubmitOutcome =
  | { kind: 'acked'; acked: Map<string, IngestStatus> }
  | { kind: 'refused'; refused: { id: string; reason: string }[] }
  | { kind: 'failed'; reason: string };

export interface Submitter {
  submit(records: readonly FeedbackRecord[]): Promise<SubmitOutcome>;
}

export interface HttpSubmitterOptions {
  url: string;
  headers: Record<string, string>;
  timeoutMs: number;
  fetch?: typeof fetch;
}

export function httpSubmitter(options: HttpSubmitterOptions): Submitter {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  return {
    async submit(records) {
      const ids = records.map((r) => r.id);
      const posted = await postJson(doFetch, options.url, { records }, { headers: options.headers, timeoutMs: options.timeoutMs });
      if (!posted.ok) return { kind: 'failed', reason: posted.reason };
      const { status, text } = posted;
      if (status >= 200 && status < 300) {
        const ack = readIngestAck(text, ids);
        return ack.ok ? { kind: 'acked', acked: ack.acked } : { kind: 'failed', reason: ack.reason };
      }
      if (status === 400) {
        const invalid = readIngestRejection(text);
        const refused = (invalid ?? []).flatMap((i) => {
          const id = ids[i.index];
          return id ? [{ id, reason: i.reason }] : [];
        });
        if (refused.length > 0) return { kind: 'refused', refused };
      }
      if (status === 401 || status === 403) return { kind: 'failed', reason: 'unauthorized' };
      return { kind: 'failed', reason: `http-${status}` };
    },
  };
}
