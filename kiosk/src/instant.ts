/**
 * `toInstant` of shared/time.ts without its module: that module also defines a zod schema, and
 * importing it would pull zod into the browser bundle. Same format: ISO-8601 UTC with milliseconds.
 */
export const toInstant = (ms: number): string => new Date(ms).toISOString();
