/**
 * The plain constants of every contract between the programs: addresses, header names, protocol
 * versions and batch bounds. One definition each, imported by both ends. This file holds no zod
 * and no code, so the kiosk's browser bundle can import it without pulling the schemas in.
 */

/** Bump when a change would make an old sender misread the answer (see ingest.ts). */
export const INGEST_PROTOCOL = 1;

/** Upper bounds of one batch: a sender cuts its outbox into batches no larger than these. */
export const MAX_BATCH_RECORDS = 1000;
export const MAX_BATCH_BYTES = 1024 * 1024;

/** Devices (panel drivers, kiosks) → their office hub: a batch of records (ingest.ts). */
export const INGEST_PATH = '/api/ingest';

/** A device redeems the pairing code an admin made for it and gets its key. */
export const DEVICE_PAIR_PATH = '/api/devices/pair';

/** Office hub → central: a signed batch of stored records (forward.ts, forward-signature.ts). */
export const FORWARD_PATH = '/api/forward';
/** Office hub → central: register an invitation's short code (invitation-codes.ts). */
export const INVITATION_CODE_PATH = '/api/forward/invitation-codes';

/**
 * Office hub → central: pull the regional configuration, `?have=<revision held>` (regional-config.ts).
 * The answer is signed like the forward route's.
 */
export const REGIONAL_CONFIG_PATH = '/api/forward/config';
/** The headers of a signed office-hub request; the response carries SIGNATURE back. Lower case, as Node reads them. */
export const HUB_HEADER = {
  keyId: 'x-czn-key-id',
  timestamp: 'x-czn-timestamp',
  nonce: 'x-czn-nonce',
  signature: 'x-czn-signature',
  /**
   * On the central's answer to a forwarded batch: the newest regional configuration revision. A
   * header rather than a field of the ack, so office hubs of an older program, whose ack schema is
   * strict, are not upset by it. It only makes the office pull now; the pull itself is signed.
   */
  configRevision: 'x-czn-config-revision',
} as const;

/** A signed request whose timestamp is further than this from the central's clock is refused. */
export const CLOCK_WINDOW_MS = 300_000;

/** Hub → kiosk: its registration, the survey's services and the idle time (kiosk-config.ts). */
export const KIOSK_CONFIG_PATH = '/api/kiosk/config';

/** The staff survey's one-time links (hub/surveys/staff-survey-routes.ts): public and rate-limited. */
export const STAFF_SURVEY_PREFIX = '/staff-survey/';

/** A client's phone → the central: one survey answer, `{ token?, response }`. */
export const PUBLIC_RESPONSES_PATH = '/api/public/responses';

/** A client's phone → the central: one answer to a built survey, `{ answer }` (no token). */
export const PUBLIC_SURVEY_ANSWERS_PATH = '/api/public/survey-answers';

/** Phone survey: an office's name, address, services and built surveys on phones, by id appended to this path. */
export const PUBLIC_OFFICE_PATH = '/api/public/offices/';

/** socket.io namespaces of the staff pages: the АХО board (board-socket.ts) and the CX dashboard (dashboard-socket.ts). */
export const BOARD_NAMESPACE = '/devices';
export const DASHBOARD_NAMESPACE = '/dashboard';
