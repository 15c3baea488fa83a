import type { Interval } from '../../../../shared/api/common.ts';
import { number } from '../../format.ts';

/** The mystery shopper's numbers and dates as the screens and the справка write them. */
export const dotted = (day: string): string => day.split('-').reverse().join('.');
export const percent = (value: number | null): string => (value === null ? '—' : `${number(value, 1)} %`);
export const share = (value: number | null): string => (value === null ? '—' : `${number(value * 100, 0)} %`);
export const intervalText = (interval: Interval | null): string => (interval ? `${number(interval.low, 1)}–${number(interval.high, 1)} %` : 'при одном визите не считается');
export const visitWhen = (v: { visitedOn: string; visitedTime: string | null }): string => `${dotted(v.visitedOn)}${v.visitedTime ? `, ${v.visitedTime}` : ''}`;
export const sizeText = (bytes: number): string => (bytes < 1024 * 1024 ? `${number(bytes / 1024, 0)} КБ` : `${number(bytes / 1048576, 1)} МБ`);
/** A score's band, for colour (never the only sign: the number is beside it). */
export const scoreClass = (score: number): string => (score < 80 ? 'score-low' : score >= 95 ? 'score-high' : 'score-mid');
