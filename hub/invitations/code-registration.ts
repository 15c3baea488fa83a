import type { Clock } from '../../shared/time.ts';
import type { CentralKey } from '../forward/central-key.ts';
import { HUB_HEADER, INVITATION_CODE_PATH } from '../../shared/protocol/wire.ts';
import { newNonce, signaturesMatch, signRequest, signResponse } from '../../shared/protocol/forward-signature.ts';
import type { CodeRegistrationRequest } from '../../shared/protocol/invitation-codes.ts';

/**
 * The office hub registers an invitation's short code with the central while the employee waits
 * (a few hundred milliseconds; at most `timeoutMs`). Only a 200 signed with the office's own key
 * counts: a captive portal, a proxy's error page or silence all mean «give the long link».
 */
export type RegistrationResult = { ok: true } | { ok: false; reason: string };

export async function registerInvitationCode(
  target: { centralUrl: string; key: CentralKey; clock: Clock; timeoutMs: number },
  request: CodeRegistrationRequest,
): Promise<RegistrationResult> {
  const url = new URL(target.centralUrl.replace(/\/+$/, '') + INVITATION_CODE_PATH);
  const body = Buffer.from(JSON.stringify(request));
  const timestamp = target.clock();
  const nonce = newNonce();
  const signature = signRequest(target.key.secret, { method: 'POST', path: url.pathname + url.search, timestamp, nonce, keyId: target.key.keyId, body });
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), target.timeoutMs);
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [HUB_HEADER.keyId]: target.key.keyId,
        [HUB_HEADER.timestamp]: String(timestamp),
        [HUB_HEADER.nonce]: nonce,
        [HUB_HEADER.signature]: signature,
      },
      body,
      signal: controller.signal,
      redirect: 'manual',
    });
    const answer = Buffer.from(await res.arrayBuffer());
    const answerSignature = res.headers.get(HUB_HEADER.signature);
    if (answerSignature === null || !signaturesMatch(signResponse(target.key.secret, signature, res.status, answer), answerSignature)) {
      return { ok: false, reason: `ответ ${res.status} не подписан ключом отдела` };
    }
    if (res.status !== 200) return { ok: false, reason: `центральный сборщик не принял код (${res.status}): ${answer.toString('utf8').slice(0, 200)}` };
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: controller.signal.aborted ? `центральный сборщик не ответил за ${target.timeoutMs} мс` : `нет связи с центральным сборщиком: ${(error as Error).message}` };
  } finally {
    clearTimeout(timer);
  }
}
