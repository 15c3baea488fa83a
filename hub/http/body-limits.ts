import { MAX_BATCH_BYTES } from '../../shared/protocol/wire.ts';
import { ATTACHMENT_MAX_BYTES } from '../../shared/mystery-shopper-words.ts';

/**
 * The body limit of each route that reads one: what its largest legitimate body needs, and no
 * more, so a stranger cannot make the hub read megabytes. Measured by body-limits.test.ts, which
 * builds the largest body each sender can make under the record schemas (every text field at its
 * limit in characters JSON writes as six bytes, `\u0001`) and checks it fits; docs/access.md,
 * "Request bodies", gives the same numbers.
 */

/**
 * POST /api/ingest, 1 MiB (MAX_BATCH_BYTES). A panel driver cuts its batches to this size itself
 * (terminal-driver/forward.ts); 1,000 worst-case presses come to 795 kB (245 kB as a real driver
 * sends them). A kiosk sends at most 100 responses at a time: 677 kB at worst (a 1,000-character
 * comment of six-byte characters in each), 36 kB as clients write them.
 */
export const INGEST_BODY_LIMIT = MAX_BATCH_BYTES;

/**
 * POST /api/forward (central), 1 MiB + 1 KiB. An office hub cuts its batch's records to at most
 * 1 MiB (FORWARD_BATCH_BYTES, itself at most MAX_BATCH_BYTES) and wraps them in an envelope of
 * about 80 bytes; a single record larger than that goes alone, and no record the office took
 * through its own 1 MiB ingest limit comes back out larger than that plus its receivedAt.
 */
export const FORWARD_BODY_LIMIT = MAX_BATCH_BYTES + 1024;

/** POST /api/forward/invitation-codes (central), 2 KiB: a 64-character hash and a token of at most 600 characters. */
export const INVITATION_CODE_BODY_LIMIT = 2 * 1024;

/**
 * POST /api/public/responses: config `invitations.maxBodyBytes` (PUBLIC_MAX_BODY_BYTES, 16 kB by
 * default). The largest answer, a 600-character token and a worst-case response, is 7 kB.
 */

/**
 * POST /api/public/survey-answers (central), 160 KiB: an answer to a built survey at the schema's
 * bounds (50 multiple-choice questions, each with its 20 options of 40-character ids chosen and a
 * 300-character «другое» in six-byte characters) is 136 kB; the sample survey's answer, both texts
 * full of Cyrillic, is 1.6 kB.
 */
export const PUBLIC_SURVEY_ANSWER_BODY_LIMIT = 160 * 1024;

/** PUT /api/services, 64 KiB: 50 services with 120-character names are 40 kB at worst. */
export const SERVICE_LIST_BODY_LIMIT = 64 * 1024;

/** Every other staff JSON request (users, roles, pairing codes, alert rules, invitations), 16 KiB: under 4 kB at worst. */
export const STAFF_BODY_LIMIT = 16 * 1024;

/** POST /api/devices/pair, 1 KiB: a pairing code. */
export const PAIRING_BODY_LIMIT = 1024;

/** The login and password forms, 8 KiB: a 40-character login and a 200-character password, percent-encoded, under 2 kB. */
export const FORM_BODY_LIMIT = 8 * 1024;

/**
 * POST /api/surveys and PUT /api/surveys/:id, 1 MiB: a survey at the schema's bounds (50 questions
 * of 300 characters, 20 options of 120 each) in six-byte characters is about 830 kB; the surveys
 * the CX sector writes are a few kB.
 */
export const SURVEY_BODY_LIMIT = 1024 * 1024;
/**
 * A phone survey's call list (CSV): at most MAX_CALL_LIST_ROWS (20,000) lines of a number, an office
 * name and a date, about 70 bytes each in UTF-8 Cyrillic: 1.4 MB; 2 MiB.
 */
export const CALL_LIST_BODY_LIMIT = 2 * 1024 * 1024;
/**
 * A staff survey answered as an HTML form, at the schema's bounds: 50 questions, each a text of 300
 * characters percent-encoded (a Cyrillic letter is 6 bytes) and a «другое» of as many, or 20 ticked
 * options of 40-character ids: about 235 KiB and 50 × 22 fields.
 */
export const STAFF_SURVEY_FORM_LIMIT = 256 * 1024;
export const STAFF_SURVEY_FORM_FIELDS = 50 * 22;
/**
 * POST /api/interviewer/records, 1 MiB (MAX_BATCH_BYTES): the exit poll's tablet sends at most 20
 * items and stops adding to a batch past 512 KiB (shared/interviewer.ts), so a batch is at most
 * 512 KiB plus one item; the largest item, an answer to 50 questions at the schema's bounds in
 * six-byte characters, is about 136 kB (body-limits.test.ts). Real answers are a few hundred bytes.
 */
export const INTERVIEWER_RECORDS_BODY_LIMIT = MAX_BATCH_BYTES;
/** POST /api/interviewer/summaries, 32 KiB: remarks of 4,000 six-byte characters are 24 kB. */
export const INTERVIEWER_SUMMARY_BODY_LIMIT = 32 * 1024;
/**
 * The mystery shopper's template (order No. 308, 2.3), 256 KiB: at the schema's bounds (60 criteria
 * of 300 characters with 120-character groups, 8,000 characters of scenario, 4,000 of goals) in
 * six-byte characters 227 kB (hub/mystery-shopper/body-sizes.test.ts); real ones a few kB.
 */
export const MYSTERY_TEMPLATE_BODY_LIMIT = 256 * 1024;
/**
 * A mystery shopper's visit, 320 KiB: 60 marks with 500-character notes and four texts of 4,000
 * characters, in six-byte characters, 281 kB (the same test); real ones a few kB.
 */
export const MYSTERY_VISIT_BODY_LIMIT = 320 * 1024;
/** One file of a visit, sent as the raw body: 5 MiB (ATTACHMENT_MAX_BYTES); larger is refused 413 before it is read whole. */
export const MYSTERY_FILE_BODY_LIMIT = ATTACHMENT_MAX_BYTES;
