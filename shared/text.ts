/**
 * Half of an emoji (a lone UTF-16 surrogate, left by a length limit that cut a pair) cannot be
 * stored as UTF-8: SQLite would read it back as other characters, and a resend of the record would
 * no longer equal the copy held. Free text is therefore validated into U+FFFD for it, on every hop.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
export const wellFormed = (text: string): string => text.replace(LONE_SURROGATE, '\uFFFD');
