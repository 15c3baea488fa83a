import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../../shared/logger.ts';
import type { Clock } from '../../shared/time.ts';
import type { Db } from '../db/open.ts';
import { signaturesMatch, signRequest, signResponse } from '../../shared/protocol/forward-signature.ts';
import { findOfficeKey } from './office-keys.ts';
import { createReplayCache } from './replay-cache.ts';
import { CLOCK_WINDOW_MS, HUB_HEADER } from '../../shared/protocol/wire.ts';

/** Who a verified office-hub request came from, and how to sign the answer back to it. */
export interface OfficeHubIdentity {
  officeId: string;
  keyId: string;
  signAnswer(status: number, body: Buffer | string): string;
}

declare module 'express-serve-static-core' {
  interface Request {
    officeHub?: OfficeHubIdentity;
    /** The request body exactly as received (set by the JSON parser's verify hook): signatures cover these bytes. */
    rawBody?: Buffer;
  }
}

/** For `express.json({ verify })`: keeps the bytes the signature was made over. */
export function keepRawBody(req: IncomingMessage, _res: unknown, buf: Buffer): void {
  (req as Request).rawBody = buf;
}

export type OfficeHubRefusal = 'unsigned' | 'bad-timestamp' | 'stale-timestamp' | 'unknown-key' | 'bad-signature' | 'revoked-key' | 'replayed';

const REFUSAL_TEXT: Record<OfficeHubRefusal, string> = {
  unsigned: 'запрос не подписан ключом офисного хаба',
  'bad-timestamp': 'неверная метка времени запроса',
  'stale-timestamp': 'метка времени запроса отличается от часов центрального сборщика больше чем на 5 минут: проверьте часы хаба',
  'unknown-key': 'ключ не известен центральному сборщику',
  'bad-signature': 'подпись запроса не сходится',
  'revoked-key': 'ключ отозван: выдайте новый командой offices add',
  replayed: 'этот подписанный запрос уже был принят: повтор отклонён',
};

/**
 * Lets a request through only when it is signed (shared/protocol/forward-signature.ts) with a live office key, within
 * ±300 s of the central's clock, and never seen before. 401 for a missing, bad, stale, replayed or
 * unknown signature; 403 for a revoked key (told only to a holder of the key, since it is checked
 * after the signature). Every refusal is logged and counted.
 */
export function requireOfficeHub(deps: { db: Db; clock: Clock; logger: Logger; countRefusal: (kind: string) => void }) {
  const findKey = findOfficeKey(deps.db);
  const replay = createReplayCache(deps.db);

  return (req: Request, res: Response, next: NextFunction): void => {
    const now = deps.clock();
    const refuse = (reason: OfficeHubRefusal, keyId: string | null): void => {
      deps.countRefusal(`office-hub-${reason}`);
      deps.logger.warn({ reason, keyId, ip: req.ip, path: req.originalUrl }, 'office hub request refused');
      const forbidden = reason === 'revoked-key';
      res.status(forbidden ? 403 : 401).json({ ok: false, error: forbidden ? 'forbidden' : 'unauthorized', refusal: reason, reason: REFUSAL_TEXT[reason] });
    };
    const keyId = req.get(HUB_HEADER.keyId) ?? '';
    const timestampText = req.get(HUB_HEADER.timestamp) ?? '';
    const nonce = req.get(HUB_HEADER.nonce) ?? '';
    const signature = req.get(HUB_HEADER.signature) ?? '';
    if (!keyId || !timestampText || !nonce || !signature || keyId.length > 100 || !/^[0-9a-f]{32}$/.test(nonce)) return refuse('unsigned', keyId || null);
    if (!/^\d{1,15}$/.test(timestampText)) return refuse('bad-timestamp', keyId);
    const timestamp = Number(timestampText);
    if (Math.abs(now - timestamp) > CLOCK_WINDOW_MS) return refuse('stale-timestamp', keyId);
    const key = findKey(keyId);
    if (!key) return refuse('unknown-key', keyId);
    const expected = signRequest(key.secret, { method: req.method, path: req.originalUrl, timestamp, nonce, keyId, body: req.rawBody ?? EMPTY });
    if (!signaturesMatch(expected, signature)) return refuse('bad-signature', keyId);
    if (key.revokedAt !== null) return refuse('revoked-key', keyId);
    let fresh: boolean;
    try {
      fresh = replay.remember(signature, timestamp + CLOCK_WINDOW_MS, now);
    } catch (error) {
      deps.logger.error({ err: error }, 'replay cache not writable; answering 503');
      res.status(503).set('Retry-After', '30').json({ ok: false, error: 'storage-unavailable', reason: 'хранилище центрального сборщика недоступно; повторите позже' });
      return;
    }
    if (!fresh) return refuse('replayed', keyId);
    req.officeHub = { officeId: key.officeId, keyId, signAnswer: (status, body) => signResponse(key.secret, signature, status, body) };
    next();
  };
}

const EMPTY = Buffer.alloc(0);
