import type { ApiFigure, Interval, Metric } from '../../../../shared/api/common.ts';
import { METRIC_TARGET } from '../../../../shared/targets.ts';
import { number, signed } from '../../format.ts';

/** How each metric is shown: the same decimal places as the XLSX and CSV, its scale and target. */
export interface MetricInfo {
  label: string;
  short: string;
  text: (v: number | null) => string;
  min: number;
  max: number;
  target: number;
  unit: string;
  /** The range the colours spread over: where offices actually differ, not the whole scale. */
  colourRange: [number, number];
}

export const METRIC: Record<Metric, MetricInfo> = {
  panel: { label: 'Средний балл пульта', short: 'Пульт', text: (v) => number(v, 2), min: 1, max: 5, target: METRIC_TARGET.panel, unit: '', colourRange: [3, 5] },
  csat: { label: 'CSAT, %', short: 'CSAT', text: (v) => number(v, 1), min: 0, max: 100, target: METRIC_TARGET.csat, unit: ' %', colourRange: [50, 100] },
  nps: { label: 'NPS', short: 'NPS', text: (v) => signed(v, 1), min: -100, max: 100, target: METRIC_TARGET.nps, unit: '', colourRange: [-20, 80] },
  ces: { label: 'CES', short: 'CES', text: (v) => number(v, 2), min: 1, max: 5, target: METRIC_TARGET.ces, unit: '', colourRange: [3, 5] },
};

export const METRICS: Metric[] = ['panel', 'csat', 'nps', 'ces'];

export const intervalText = (metric: Metric, interval: Interval | null): string =>
  interval ? `${METRIC[metric].text(interval.low)}…${METRIC[metric].text(interval.high)}` : '—';

/** Where a figure stands against the target, using its interval: clearly below, below, at or above. */
export type Standing = 'clearly-below' | 'below' | 'meets' | 'unknown';
export function standing(metric: Metric, figure: Pick<ApiFigure, 'value' | 'interval'>): Standing {
  if (figure.value === null) return 'unknown';
  const target = METRIC[metric].target;
  if (figure.interval && figure.interval.high < target) return 'clearly-below';
  return figure.value < target ? 'below' : 'meets';
}

export const STANDING_LABEL: Record<Standing, string> = {
  'clearly-below': 'ниже цели (с учётом разброса)',
  below: 'ниже цели',
  meets: 'не ниже цели',
  unknown: 'нет данных',
};

/**
 * A colour for a value on the metric's scale, light enough that dark text stays readable on it
 * (contrast above 7:1): orange for low, grey in the middle, blue for high (ColorBrewer RdBu, light
 * half; told apart by people with the common colour-vision deficiencies). The number is always
 * written on top: the colour only helps the eye.
 */
const SCALE = ['#f4a582', '#fbc7a8', '#fde4d4', '#f2f2f2', '#dbeaf3', '#bcd9ea', '#92c5de'];
export function scaleColour(metric: Metric, value: number | null, range: [number, number] = METRIC[metric].colourRange): string | null {
  if (value === null) return null;
  const [min, max] = range;
  const t = Math.max(0, Math.min(1, (value - min) / (max - min)));
  return SCALE[Math.min(SCALE.length - 1, Math.floor(t * SCALE.length))]!;
}
