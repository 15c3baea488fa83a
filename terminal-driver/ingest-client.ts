import http from 'node:http';
import https from 'node:https';
import { ingestRejectionSchema, parseIngestAck, type IngestStatus } from '../shared/protocol/ingest.ts';
import { INGEST_PATH } from '../shared/protocol/wire.ts';

/**
 * Hands one batch of records to the hub (`POST /api/ingest` with the device's bearer token) and
 * says what became of it. Only a 2xx JSON acknowledgement naming every id counts as delivery;
 * anything else (an HTML error page, a proxy's 502, a timeout) leaves the records where they are.
 *
 * node:http with a keep-alive agent rather than fetch: on this path every press waits for one
 * request, and the plain client measured about half of fetch's per-request cost (see bench/).
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
  const url = new URL(INGEST_PATH, options.hubUrl);
  const transport = url.protocol === 'https:' ? https : http;
  // Idle sockets are dropped before the hub's keep-alive timeout (Node's default is 5 s), so a press
  // after a quiet spell does not race the hub closing the very socket it is sent on.
  const agent = new transport.Agent({ keepAlive: true, maxSockets: 4, timeout: 4000 });

  return {
    async send(records) {
      // The stored JSON is joined, not re-serialised: what the hub hashes is what was stored at birth.
      const body = `{"records":[${records.map((r) => r.body).join(',')}]}`;
      let answer = await post(transport, url, agent, options, body);
      // A kept-alive socket the hub closed just as we wrote on it: safe to send again at once,
      // since the hub stores by id (the pattern Node's docs give for `request.reusedSocket`).
      if (!answer.ok && answer.reusedSocket && (answer.detail === 'ECONNRESET' || answer.detail === 'EPIPE')) answer = await post(transport, url, agent, options, body);
      if (!answer.ok) return { ok: false, reason: 'unreachable', detail: answer.detail };
      const { status, text } = answer;
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

type Answer = { ok: true; status: number; text: string } | { ok: false; detail: string; reusedSocket: boolean };

function post(transport: typeof http | typeof https, url: URL, agent: http.Agent, options: { token: string; timeoutMs: number }, body: string): Promise<Answer> {
  return new Promise((resolve) => {
    const req = transport.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${options.token}` },
        signal: AbortSignal.timeout(options.timeoutMs),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ ok: true, status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', (error) => resolve({ ok: false, detail: describeError(error), reusedSocket: req.reusedSocket }));
      },
    );
    req.on('error', (error) => resolve({ ok: false, detail: describeError(error), reusedSocket: req.reusedSocket }));
    req.end(body);
  });
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

function describeError(error: Error): string {
  if (error.name === 'AbortError' || error.name === 'TimeoutError') return 'timeout';
  return (error as Error & { code?: string }).code ?? error.message;
}
