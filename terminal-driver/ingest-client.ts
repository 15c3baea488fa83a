import { INGEST_PATH, ingestRejectionSchema, parseIngestAck, type IngestStatus } from '../shared/protocol/ingest.ts';

/**
 * Hands one batch of records to the hub (`POST /api/ingest` with the device's bearer token) and
 * says what became of it. Only a 2xx JSON acknowledgement naming every id counts as delivery;
 * anything else (an HTML error page, a proxy's 502, a timeout) leaves the records where they are.
 */
export interface OutgoingRecord {
  id: string;
  /** The record's JSON, exactly as stored in the outbox. */
  body: string;
}

export type SendOutcome =
  | { ok: true; acked: Map<string, IngestStatus> }
  /** 400 naming invalid records: those will never be accepted; the others may be sent again at once. */
  | { ok: false; reason: 'rejected'; invalid: { id: string; reason: string }[]; detail: string }
  /** The device token is not (or no longer) accepted: keep everything, an admin may register the device again. */
  | { ok: false; reason: 'unauthorized'; detail: string }
  | { ok: false; reason: 'too-large'; detail: string }
  | { ok: false; reason: 'unreachable' | 'hub-error' | 'bad-answer'; detail: string };

export interface IngestClient {
  send(records: readonly OutgoingRecord[]): Promise<SendOutcome>;
}

export function createIngestClient(options: { hubUrl: string; token: string; timeoutMs: number }): IngestClient {
  const url = new URL(INGEST_PATH, options.hubUrl).toString();
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${options.token}` };

  return {
    async send(records) {
      // The stored JSON is joined, not re-serialised: what the hub hashes is what was stored at birth.
      const body = `{"records":[${records.map((r) => r.body).join(',')}]}`;
      let status: number;
      let text: string;
      try {
        const res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(options.timeoutMs) });
        status = res.status;
        text = await res.text();
      } catch (error) {
        return { ok: false, reason: 'unreachable', detail: describeFetchError(error) };
      }
      const ids = records.map((r) => r.id);
      if (status >= 200 && status < 300) {
        const ack = parseIngestAck(text, ids);
        return ack.ok ? { ok: true, acked: ack.acked } : { ok: false, reason: 'bad-answer', detail: `${status}: ${ack.reason}` };
      }
      if (status === 401 || status === 403) return { ok: false, reason: 'unauthorized', detail: `${status}: ${text.slice(0, 200)}` };
      if (status === 413) return { ok: false, reason: 'too-large', detail: `${status}` };
      if (status === 400) return readRejection(text, ids);
      return { ok: false, reason: 'hub-error', detail: `${status}: ${text.slice(0, 200)}` };
    },
  };
}

function readRejection(text: string, ids: readonly string[]): SendOutcome {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'bad-answer', detail: '400 without JSON' };
  }
  const parsed = ingestRejectionSchema.safeParse(json);
  if (!parsed.success) return { ok: false, reason: 'bad-answer', detail: `400: ${text.slice(0, 200)}` };
  // Trust the index over the echoed id: the index is what the hub counted, the id may be unreadable.
  const invalid = parsed.data.invalid.flatMap((entry) => {
    const id = ids[entry.index];
    return id === undefined ? [] : [{ id, reason: entry.reason }];
  });
  return { ok: false, reason: 'rejected', invalid, detail: parsed.data.reason };
}

function describeFetchError(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return 'timeout';
    const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
    return cause?.code ?? cause?.message ?? error.message;
  }
  return String(error);
}
