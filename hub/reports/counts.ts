import {
  cesFromCounts,
  cesIntervalFromCounts,
  csatFromCounts,
  csatIntervalFromCounts,
  isSmallSample,
  npsFromCounts,
  npsIntervalFromCounts,
  panelAverageFromCounts,
  panelIntervalFromCounts,
  type Figure,
  type Interval,
  type NpsFigure,
} from '../../shared/metrics.ts';

import type { MetricCounts } from '../records/metric-counts.ts';
export type { MetricCounts };

export const emptyCounts = (): MetricCounts => ({
  panel: new Array<number>(6).fill(0),
  suppressed: 0,
  csat: new Array<number>(6).fill(0),
  ces: new Array<number>(6).fill(0),
  nps: new Array<number>(11).fill(0),
  responses: 0,
});

function addInto(target: number[], source: readonly number[]): void {
  source.forEach((count, score) => {
    target[score] = (target[score] ?? 0) + count;
  });
}

/** Adds `source` into `target` (pooling histograms). */
export function addCounts(target: MetricCounts, source: MetricCounts): MetricCounts {
  addInto(target.panel, source.panel);
  addInto(target.csat, source.csat);
  addInto(target.ces, source.ces);
  addInto(target.nps, source.nps);
  target.suppressed += source.suppressed;
  target.responses += source.responses;
  return target;
}

export const sumCounts = (all: Iterable<MetricCounts>): MetricCounts => {
  const total = emptyCounts();
  for (const counts of all) addCounts(total, counts);
  return total;
};

export interface MarkedFigure extends Figure {
  /** Fewer than SMALL_SAMPLE answers: shown, but marked. */
  small: boolean;
  /** The 95 % interval (shared/metrics.ts), null when there are too few answers for one. */
  interval: Interval | null;
}
export interface MarkedNpsFigure extends NpsFigure {
  small: boolean;
  interval: Interval | null;
}

export interface PanelFigure extends MarkedFigure {
  /** Counted presses by score 1–5: distribution[0] is the number of 1s. */
  distribution: number[];
  suppressed: number;
}

export interface MetricFigures {
  panel: PanelFigure;
  csat: MarkedFigure;
  nps: MarkedNpsFigure;
  ces: MarkedFigure;
  responses: number;
}

const marked = <F extends Figure>(figure: F, interval: Interval | null): F & { small: boolean; interval: Interval | null } => ({ ...figure, small: isSmallSample(figure), interval });

export function figuresFromCounts(counts: MetricCounts): MetricFigures {
  return {
    panel: { ...marked(panelAverageFromCounts(counts.panel), panelIntervalFromCounts(counts.panel)), distribution: counts.panel.slice(1, 6), suppressed: counts.suppressed },
    csat: marked(csatFromCounts(counts.csat), csatIntervalFromCounts(counts.csat)),
    nps: marked(npsFromCounts(counts.nps), npsIntervalFromCounts(counts.nps)),
    ces: marked(cesFromCounts(counts.ces), cesIntervalFromCounts(counts.ces)),
    responses: counts.responses,
  };
}
