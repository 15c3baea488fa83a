import type { Metric } from './api/common.ts';

/**
 * The levels the dashboard draws as targets and measures the offices against. The regulation
 * (seed 000) sets no numeric targets, so these are the CX sector's working defaults, kept in one
 * place: change them here (a settings page can take them over when the sector wants to edit them).
 */
export const METRIC_TARGET: Record<Metric, number> = {
  /** Panel average on the 1–5 buttons. */
  panel: 4.5,
  /** Share of 4s and 5s, per cent. */
  csat: 80,
  /** Promoters minus detractors. */
  nps: 30,
  /** Ease, 1–5. */
  ces: 4,
};
