/**
 * Free text as every store can hold it, on every hop:
 * - half of an emoji (a lone UTF-16 surrogate, left by a length limit that cut a pair) cannot be
 *   stored as UTF-8: SQLite would read it back as other characters, and a resend of the record
 *   would no longer equal the copy held;
 * - a NUL character cannot be stored in a PostgreSQL text column at all: the central on PostgreSQL
 *   would refuse the whole batch, again and again, and the office's outbox would stall behind it.
 * Both become U+FFFD, by the shared schemas, so the office and the central agree on the body.
 */
const UNSTORABLE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|\u0000/g;
export const wellFormed = (text: string): string => text.replace(UNSTORABLE, '\uFFFD');
