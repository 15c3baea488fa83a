import { z } from './zod.ts';

/** Instants travel as ISO-8601 UTC strings with milliseconds and are stored as epoch ms. */
export const instantSchema = z.iso.datetime({ offset: false, precision: 3 });
export type Instant = z.infer<typeof instantSchema>;

export function toInstant(ms: number): Instant {
  return new Date(ms).toISOString();
}

export function fromInstant(instant: Instant): number {
  return Date.parse(instant);
}

/** Injected wherever "now" matters, so tests set the time instead of waiting for it. */
export type Clock = () => number;
export const systemClock: Clock = () => Date.now();
