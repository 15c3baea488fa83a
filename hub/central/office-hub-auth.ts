import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from '../../shared/logger.ts';
import type { Clock } from '../../shared/time.ts';
import type { CentralSql } from '../sql/central-sql.ts';
import { signaturesMatch, signRequest, signResponse } from '../../shared/protocol/forward-signature.ts';
import { closeAfterRefusal } from '../http/request-body.ts';
import { findOfficeKey, type OfficeKey } from './office-keys.ts';
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
    /** The request body exactly as received: the signature covers these bytes. */
    rawBody?: Buffer;
  }
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
 *
 * In stages, so a stranger's body is never read: the headers, the clock and the key id first; then
 * `readBody` (the route's raw reader, with its limit) takes the bytes; then the signature over them.
 * Parsing them is the route's body rule, after all of this (guards.ts).
 */
export function requireOfficeHub(deps: { sql: CentralSql; clock: Clock; logger: Logger; countRefusal: (kind: string) => void }) {
  const replay = createReplayCache(deps.sql);
  const claims = new WeakMap<Request, { key: OfficeKey & { secret: string }; keyId: string; timestamp: number; nonce: string; signature: string }>();

  const refuse = (req: Request, res: Response, reason: OfficeHubRefusal, keyId: string | null): void => {
    deps.countRefusal(`office-hub-${reason}`);
    deps.logger.warn({ reason, keyId, ip: req.ip, path: req.originalUrl }, 'office hub request refused');
    const forbidden = reason === 'revoked-key';
    closeAfterRefusal(req, res);
    res.status(forbidden ? 403 : 401).json({ ok: false, error: forbidden ? 'forbidden' : 'unauthorized', refusal: reason, reason: REFUSAL_TEXT[reason] });
  };

  const checkHeaders = async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const keyId = req.get(HUB_HEADER.keyId) ?? '';
    const timestampText = req.get(HUB_HEADER.timestamp) ?? '';
    const nonce = req.get(HUB_HEADER.nonce) ?? '';
    const signature = req.get(HUB_HEADER.signature) ?? '';
    if (!keyId || !timestampText || !nonce || !signature || keyId.length > 100 || !/^[0-9a-f]{32}$/.test(nonce)) return refuse(req, res, 'unsigned', keyId || null);
    if (!/^\d{1,15}$/.test(timestampText)) return refuse(req, res, 'bad-timestamp', keyId);
    const timestamp = Number(timestampText);
    if (Math.abs(deps.clock() - timestamp) > CLOCK_WINDOW_MS) return refuse(req, res, 'stale-timestamp', keyId);
    const key = await findOfficeKey(deps.sql, keyId);
    if (!key) return refuse(req, res, 'unknown-key', keyId);
    claims.set(req, { key, keyId, timestamp, nonce, signature });
    next();
  };

  const checkSignature = async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const claim = claims.get(req);
    if (!claim) return refuse(req, res, 'unsigned', null);
    const { key, keyId, timestamp, nonce, signature } = claim;
    // The raw reader leaves the bytes in req.body; from here on they are rawBody, and body is for the parsed value.
    const body = Buffer.isBuffer(req.body) ? req.body : EMPTY;
    req.rawBody = body;
    req.body = undefined;
    const expected = signRequest(key.secret, { method: req.method, path: req.originalUrl, timestamp, nonce, keyId, body });
    if (!signaturesMatch(expected, signature)) return refuse(req, res, 'bad-signature', keyId);
    if (key.revokedAt !== null) return refuse(req, res, 'revoked-key', keyId);
    let fresh: boolean;
    const now = deps.clock();
    try {
      fresh = await replay.remember(signature, timestamp + CLOCK_WINDOW_MS, now);
    } catch (error) {
      deps.logger.error({ err: error }, 'replay cache not writable; answering 503');
      res.status(503).set('Retry-After', '30').json({ ok: false, error: 'storage-unavailable', reason: 'хранилище центрального сборщика недоступно; повторите позже' });
      return;
    }
    if (!fresh) return refuse(req, res, 'replayed', keyId);
    req.officeHub = { officeId: key.officeId, keyId, signAnswer: (status, answer) => signResponse(key.secret, signature, status, answer) };
    next();
  };

  return (readBody: RequestHandler | null): RequestHandler[] => (readBody ? [checkHeaders, readBody, checkSignature] : [checkHeaders, checkSignature]);
}

const EMPTY = Buffer.alloc(0);
