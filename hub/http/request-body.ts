import express, { type Request, type RequestHandler, type Response } from 'express';

/**
 * Request bodies, read only once a route's guard has let the request through (route-table.ts): an
 * anonymous request never costs the hub a parse. JSON is refused above a nesting depth before it
 * is parsed: the deepest legitimate body (a device batch: envelope, records, heartbeat, panels,
 * panel, error counts) nests 6 levels, and `[[[[…` costs the parser far more than its size says.
 */
export const MAX_JSON_DEPTH = 8;

/** The error a body middleware passes on; the app's error handler turns `type` into the answer. */
export type BodyError = Error & { status: 400 | 413; type: 'entity.parse.failed' | 'entity.too.deep' | 'entity.too.large' };

export function bodyError(status: BodyError['status'], type: BodyError['type'], message: string): BodyError {
  return Object.assign(new Error(message), { status, type });
}

/**
 * Whether JSON text nests deeper than `maxDepth` arrays and objects. One pass over the bytes,
 * skipping strings; UTF-8 continuation bytes are never ASCII, so bytes can be read one by one.
 */
export function jsonNestsDeeperThan(bytes: Uint8Array, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
    } else if (b === QUOTE) inString = true;
    else if (b === OPEN_BRACKET || b === OPEN_BRACE) {
      if (++depth > maxDepth) return true;
    } else if (b === CLOSE_BRACKET || b === CLOSE_BRACE) depth--;
  }
  return false;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

export type JsonBytesResult = { ok: true; value: unknown } | { ok: false; error: BodyError };

/** Parses bytes already read (an office hub's signed body); empty means no body. */
export function parseJsonBytes(bytes: Buffer): JsonBytesResult {
  if (bytes.length === 0) return { ok: true, value: undefined };
  if (jsonNestsDeeperThan(bytes, MAX_JSON_DEPTH)) return { ok: false, error: tooDeep() };
  try {
    return { ok: true, value: JSON.parse(bytes.toString('utf8')) as unknown };
  } catch (error) {
    return { ok: false, error: bodyError(400, 'entity.parse.failed', (error as Error).message) };
  }
}

/** A JSON body of at most `limitBytes`, its depth checked before it is parsed. */
export function jsonBody(limitBytes: number): RequestHandler {
  return express.json({
    limit: limitBytes,
    strict: true,
    verify: (_req, _res, buf) => {
      if (jsonNestsDeeperThan(buf, MAX_JSON_DEPTH)) throw tooDeep();
    },
  });
}

/** An HTML form body (login, password setup): flat fields only. */
export function formBody(limitBytes: number, fields = 20): RequestHandler {
  return express.urlencoded({ extended: false, limit: limitBytes, parameterLimit: fields });
}

/**
 * For a guard refusing a request whose body it has not read. To keep the connection, Node reads and
 * discards the whole body after the answer: four clients posting 2 MiB each as fast as they are
 * answered cost an office hub half a core that way (bench/figures/body-flood.bench.ts). A large
 * unread body closes the connection after the answer instead; a small one is cheaper to drain than
 * a new connection is to open.
 */
export function closeAfterRefusal(req: Request, res: Response): void {
  if (req.complete) return;
  const declared = Number(req.get('content-length') ?? 0);
  if (req.get('transfer-encoding') !== undefined || declared > DRAIN_BYTES) res.set('Connection', 'close');
}

const DRAIN_BYTES = 64 * 1024;

/** The raw bytes of a body, whatever its type, for a guard that checks a signature over them. */
export function rawBody(limitBytes: number): RequestHandler {
  return express.raw({ type: () => true, limit: limitBytes });
}

const tooDeep = (): BodyError => bodyError(400, 'entity.too.deep', `JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
