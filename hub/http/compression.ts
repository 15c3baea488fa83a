import compression from 'compression';
import type { RequestHandler } from 'express';

/**
 * Text answers (the kiosk's JavaScript and CSS, pages, JSON, CSV, SVG) go compressed: Brotli when
 * the client accepts it, else gzip (the `compression` package, Brotli at quality 4: a fraction of a
 * millisecond for the kiosk's 80 kB bundle). It matters most to a phone on mobile internet opening
 * the survey from a QR code for the first time.
 *
 * What is left alone:
 * - answers under 1 kB (the headers would eat the gain) and types that are compressed already
 *   (XLSX, PNG): the package's own `compressible` check;
 * - anything marked `Cache-Control: no-transform`;
 * - socket.io: engine.io answers /socket.io/ on the HTTP server before Express sees the request
 *   (and compresses its own long-polling payloads).
 *
 * BREACH (a secret guessed from compressed sizes) needs a secret and text the attacker chose in the
 * same answer. The hub's secrets travel alone: the CSRF token in `/api/me`, an invitation link in
 * the answer to `POST /api/invitations` (behind that same CSRF token) — neither echoes request text.
 */
export const compressText = (): RequestHandler => compression({ threshold: 1024 });
