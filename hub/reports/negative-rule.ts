/**
 * The CX sector's rule for a negative survey answer: any CSAT answer ≤ 3 or NPS ≤ 6. Written once,
 * as SQL over a response row, for both databases the records can be in: a skipped question (NULL)
 * counts as not negative, which SQLite says with 0 and PostgreSQL with false. The comments feed
 * filters and marks its entries by it, and the negative-feedback monitoring counts by it.
 */
export const negativeResponseSql = (no: '0' | 'false'): string =>
  `(coalesce(csat1 <= 3, ${no}) OR coalesce(csat2 <= 3, ${no}) OR coalesce(csat3 <= 3, ${no}) OR coalesce(nps <= 6, ${no}))`;

/** The rule in SQLite's SQL. */
export const NEGATIVE_RESPONSE_SQL = negativeResponseSql('0');
