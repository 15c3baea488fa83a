import type { IngestStatus } from '../protocol/ingest.ts';
import { readIngestAck, readIngestRejection } from './ingest-wire.ts';
import { postJson } from './post-json.ts';

/**
 * Where finished records go. A kiosk posts to the office hub's /api/ingest with the device's key;
 * a phone to the central's public endpoint (kiosk/src/sync/phone-submitter.ts); the exit poll's
 * tablet to the office hub's /api/interviewer/records with the staff session. The loop
 * (drain-loop.ts) knows only this interface; httpSubmitter below speaks the ingest protocol.
 *
 * `reason` of a failure is a short code, counted in the heartbeat's error counters.
 */
export type SubmitOutcome =
  | { kind: 'acked'; acked: Map<string, IngestStatus> }
  | { kind: 'refused'; refused: { id: string; reason: string }[] }
  | { kind: 'failed'; reason: string };

export interface Submitter<R extends { id: string } = { id: string }> {
  submit(records: readonly R[]): Promise<SubmitOutcome>;
}

export interface HttpSubmitterOptions {
  url: string;
  headers: Record<string, string>;
  timeoutMs: number;
  fetch?: typeof fetch;
  /** 'same-origin' for a staff page, whose session cookie is its credential; devices send none. */
  credentials?: RequestCredentials;
}

export function httpSubmitter<R extends { id: string }>(options: HttpSubmitterOptions): Submitter<R> {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  return {
    async submit(records) {
      const ids = records.map((r) => r.id);
      const posted = await postJson(doFetch, options.url, { records }, { headers: options.headers, timeoutMs: options.timeoutMs, ...(options.credentials ? { credentials: options.credentials } : {}) });
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
