import type { IngestStatus } from '../../../shared/protocol/ingest.ts';
import type { FeedbackRecord } from '../../../shared/records.ts';
import { readIngestAck, readIngestRejection } from './ingest-wire.ts';

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
      let status: number;
      let text: string;
      try {
        // The timeout covers the body too: a portal that stalls mid-answer is a failure, not a hang.
        const signal = AbortSignal.timeout(options.timeoutMs);
        const res = await doFetch(options.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...options.headers },
          body: JSON.stringify({ records }),
          cache: 'no-store',
          credentials: 'omit',
          redirect: 'error',
          signal,
        });
        status = res.status;
        text = await res.text();
      } catch (error) {
        const name = (error as { name?: string }).name;
        return { kind: 'failed', reason: name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network' };
      }
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
