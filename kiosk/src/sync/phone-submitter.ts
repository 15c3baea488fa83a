import type { FeedbackRecord } from '../../../shared/records.ts';
import { readIngestAck } from '../../../shared/outbox-drain/ingest-wire.ts';
import { postJson } from '../../../shared/outbox-drain/post-json.ts';
import type { Submitter } from './submitter.ts';

/**
 * Phone mode: answers go to the central's public endpoint, one per request, as
 * `{ token?, response }` (hub/invitations/public-submit.ts). The answer is read with the same hand
 * written ack check as the kiosk's batches. 409 already-used means the invitation has been
 * answered: the response is done (nothing to retry) and the client is told so. A refused token or
 * response (400, 401, 403, 410) is set aside with the central's reason; anything else is retried.
 * The address is PUBLIC_RESPONSES_PATH (shared/protocol/wire.ts). An answer to a built survey goes
 * alone to `answersUrl` as `{ answer }`, with no token (hub/invitations/public-survey-answer.ts).
 */
export interface PhoneSubmitterOptions {
  url: string;
  answersUrl: string;
  /** The token queued with the response (from the link's `t`); null for the office poster. */
  tokenFor: (record: FeedbackRecord) => Promise<string | null>;
  timeoutMs: number;
  onAlreadyUsed: () => void;
  fetch?: typeof fetch;
}

const REFUSING = new Set([400, 401, 403, 410]);

export function phoneSubmitter(options: PhoneSubmitterOptions): Submitter {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  return {
    async submit(records: readonly FeedbackRecord[]) {
      // One record per request: the endpoint takes one answer, and the sync loop sends the rest next.
      const record = records[0];
      if (!record) return { kind: 'acked', acked: new Map() };
      // Reading the queued token can fail like the network can (IndexedDB closed): retried alike.
      const built = record.kind === 'survey-answer';
      const token = built ? null : await options.tokenFor(record).catch(() => undefined);
      if (token === undefined) return { kind: 'failed', reason: 'network' };
      const body = built ? { answer: record } : token === null ? { response: record } : { token, response: record };
      const posted = await postJson(doFetch, built ? options.answersUrl : options.url, body, { timeoutMs: options.timeoutMs });
      if (!posted.ok) return { kind: 'failed', reason: posted.reason };
      const { status, text } = posted;
      if (status >= 200 && status < 300) {
        const ack = readIngestAck(text, [record.id]);
        return ack.ok ? { kind: 'acked', acked: ack.acked } : { kind: 'failed', reason: ack.reason };
      }
      const refusal = readRefusal(text);
      if (status === 409 && refusal?.error === 'already-used') {
        options.onAlreadyUsed();
        return { kind: 'acked', acked: new Map([[record.id, 'duplicate' as const]]) };
      }
      // Only the central's own JSON refusal sets a response aside; a proxy's error page is retried.
      if (REFUSING.has(status) && refusal) return { kind: 'refused', refused: [{ id: record.id, reason: refusal.reason }] };
      return { kind: 'failed', reason: status === 429 ? 'rate-limited' : `http-${status}` };
    },
  };
}

function readRefusal(text: string): { error: string; reason: string } | null {
  try {
    const json = JSON.parse(text) as unknown;
    if (json === null || typeof json !== 'object') return null;
    const { ok, error, reason } = json as Record<string, unknown>;
    return ok === false && typeof error === 'string' && typeof reason === 'string' ? { error, reason } : null;
  } catch {
    return null;
  }
}
