import { ingestRejectionSchema, parseIngestAck, type IngestStatus } from '../../shared/protocol/ingest.ts';
import { retryAfterMs } from '../../shared/backoff.ts';
import type { ForwardErrorCode } from './forward-status.ts';
import { signaturesMatch, signResponse } from '../../shared/protocol/forward-signature.ts';

/**
 * What the central's answer to one batch means for the outbox. Only a signed 2xx JSON ack that
 * names every id sent acknowledges anything; a signed 400 that names invalid records sets those
 * aside; everything else (a proxy's error page, a captive portal's HTML 200, a 503, a cut
 * connection) acknowledges nothing and the batch is sent again later.
 */
export interface CentralAnswer {
  status: number;
  signature: string | null;
  retryAfter: string | null;
  body: Buffer;
}

export type AnswerMeaning =
  | { kind: 'acked'; acked: Map<string, IngestStatus> }
  | { kind: 'invalid'; invalid: { index: number; reason: string }[] }
  | { kind: 'retry'; code: ForwardErrorCode; message: string; retryAfterMs: number | null };

export function readCentralAnswer(answer: CentralAnswer, sent: { ids: readonly string[]; signature: string; secret: string }, now: number): AnswerMeaning {
  const { status } = answer;
  if (status === 401 || status === 403) {
    return retry('refused', `центральный сборщик отказал в доступе (${status}): проверьте CENTRAL_KEY_ID и CENTRAL_KEY, не отозван ли ключ, и часы хаба; ${excerpt(answer.body)}`);
  }
  if (status === 503 || status === 429) {
    return { kind: 'retry', code: 'busy', message: `центральный сборщик просит повторить позже (${status})`, retryAfterMs: retryAfterMs(answer.retryAfter, now) };
  }
  if (status >= 500) return retry('server-error', `ошибка центрального сборщика (${status}): ${excerpt(answer.body)}`);
  if (status !== 400 && (status < 200 || status > 299)) return retry('unexpected-status', `неожиданный ответ центрального сборщика (${status}): ${excerpt(answer.body)}`);

  const expected = signResponse(sent.secret, sent.signature, status, answer.body);
  if (answer.signature === null || !signaturesMatch(expected, answer.signature)) {
    return retry('unsigned-answer', `ответ ${status} не подписан ключом отдела: это не центральный сборщик (прокси, страница входа в сеть?); ${excerpt(answer.body)}`);
  }
  const text = answer.body.toString('utf8');
  if (status === 400) return readRejection(text, sent.ids);
  const ack = parseIngestAck(text, sent.ids);
  if (!ack.ok) return retry('not-an-ack', `ответ центрального сборщика не подтверждает пакет (${ack.reason})`);
  return { kind: 'acked', acked: ack.acked };
}

/**
 * Only `invalid-records` naming records of this very batch sets anything aside. `invalid-batch`
 * means our envelope is wrong (a version mismatch): setting records aside would hide a bug, so the
 * batch waits and the error is shown.
 */
function readRejection(text: string, ids: readonly string[]): AnswerMeaning {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return retry('not-an-ack', 'ответ 400 центрального сборщика не является JSON');
  }
  const parsed = ingestRejectionSchema.safeParse(json);
  if (!parsed.success) return retry('not-an-ack', 'ответ 400 центрального сборщика не в формате протокола');
  const rejection = parsed.data;
  const named = rejection.invalid.every((r) => r.index >= 0 && r.index < ids.length && (r.id === null || r.id === ids[r.index]));
  if (rejection.error !== 'invalid-records' || rejection.invalid.length === 0 || !named) {
    return retry('invalid-batch', `центральный сборщик не принял пакет целиком: ${rejection.reason}`);
  }
  return { kind: 'invalid', invalid: rejection.invalid.map((r) => ({ index: r.index, reason: r.reason })) };
}

function retry(code: ForwardErrorCode, message: string): AnswerMeaning {
  return { kind: 'retry', code, message, retryAfterMs: null };
}

function excerpt(body: Buffer): string {
  const text = body.subarray(0, 300).toString('utf8').replace(/\s+/g, ' ').trim();
  return text === '' ? '(пустой ответ)' : text.slice(0, 160);
}
