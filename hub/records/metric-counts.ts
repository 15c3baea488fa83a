/**
 * Histograms by score for one cell of a report (an office, a desk, a day …), and the figures made
 * from them. SQL returns counts; every number shown is computed here by the shared `*FromCounts`
 * functions of shared/metrics.ts, never by a formula of our own. Totals (a region, a month of days)
 * are made by adding histograms, never by averaging averages.
 */
export interface MetricCounts {
  /** Counted panel presses by score: panel[score], score 1–5. */
  panel: number[];
  /** Presses kept but not counted (misuse: too soon after the last one). */
  suppressed: number;
  /** Answers to CSAT questions 1–3, pooled: each answered question is one answer. */
  csat: number[];
  ces: number[];
  /** nps[score], score 0–10. */
  nps: number[];
  /** Survey responses (complete or partial) in the cell. */
  responses: number;
}
