import type { Request } from 'express';
import { customRange, parsePeriodKey, periodContaining, type Period } from '../../shared/periods.ts';
import { z } from '../../shared/zod.ts';
import type { HubContext } from '../context.ts';
import type { CommentQuery } from './comments.ts';
import { reportPeriodRefusalText, type ReportPeriodRefusal } from './report-files.ts';
import { hubScope, narrowScope, type ReportScope } from './scope.ts';
import { MAX_TREND_POINTS, type TrendQuery } from './trend.ts';

/**
 * Turns query strings into the query layer's typed arguments. Every figure route reads its
 * parameters here, so the dashboard, the API and the exports agree on what `period=` means.
 */
export type Parsed<T> = { ok: true; value: T } | ({ ok: false } & QueryRefusal);

/** Why a report query was refused; queryRefusalText() says it in Russian in the 400 answer. */
export type QueryRefusal = ReportPeriodRefusal | { reason: 'period-not-text' } | { reason: 'bad-comment-filter' } | { reason: 'bad-trend' };

export function queryRefusalText(refusal: QueryRefusal): string {
  switch (refusal.reason) {
    case 'period-not-text':
      return 'параметры периода должны быть строками';
    case 'bad-comment-filter':
      return 'фильтр отзывов: tone = all | negative | other, limit 1–10000';
    case 'bad-trend':
      return `динамика: bucket = week | month, count 1–${MAX_TREND_POINTS}`;
    default:
      return reportPeriodRefusalText(refusal);
  }
}

const text = z.string().trim().max(200).optional();

const periodParams = z.object({ period: text, from: text, to: text });

/** `period=2026-W48 | 2026-11 | 2026-Q4 | 2026-11-01_2026-11-15`, or `from=&to=` (YYYY-MM-DD); default: this week. */
export function periodParam(query: unknown, now: number): Parsed<Period> {
  const parsed = periodParams.safeParse(query);
  if (!parsed.success) return { ok: false, reason: 'period-not-text' };
  const { period, from, to } = parsed.data;
  if (period) return parsePeriodKey(period);
  if (from || to) return customRange(from ?? '', to ?? '');
  return { ok: true, value: periodContaining('week', now) };
}

const commentParams = z.object({
  office: z.string().trim().max(40).optional(),
  tone: z.enum(['all', 'negative', 'other']).default('all'),
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(50),
  before: z.string().max(80).optional(),
});

export function commentParam(query: unknown, now: number): Parsed<CommentQuery> {
  const period = periodParam(query, now);
  if (!period.ok) return period;
  const parsed = commentParams.safeParse(query);
  if (!parsed.success) return { ok: false, reason: 'bad-comment-filter' };
  const p = parsed.data;
  return { ok: true, value: { period: period.value, officeId: p.office || null, tone: p.tone, search: p.q ?? null, limit: p.limit, before: p.before || null } };
}

const trendParams = z.object({
  bucket: z.enum(['week', 'month']).default('week'),
  end: z.string().trim().max(40).optional(),
  count: z.coerce.number().int().min(1).max(MAX_TREND_POINTS).default(12),
  office: z.string().trim().max(40).optional(),
});

/** `bucket=week|month`, `end=<period key>` (the last period shown; default now), `count`, `office`. */
export function trendParam(query: unknown, now: number): Parsed<TrendQuery> {
  const parsed = trendParams.safeParse(query);
  if (!parsed.success) return { ok: false, reason: 'bad-trend' };
  const p = parsed.data;
  let endsAt = now;
  if (p.end) {
    const end = parsePeriodKey(p.end);
    if (!end.ok) return end;
    endsAt = end.value.end - 1;
  }
  return { ok: true, value: { bucket: p.bucket, endsAt, count: p.count, officeId: p.office || null } };
}

/**
 * What the request may see: the hub's own scope (one office on an office hub, the region on the
 * central), narrowed by the staff login's office scope that the staff guard set. A request that
 * reached a report without that guard sees nothing, rather than the whole hub.
 */
export function requestScope(ctx: HubContext, req: Request): ReportScope {
  const ids = req.staff?.scope.officeIds;
  if (ids === undefined) return { officeIds: [] };
  return ids === 'all' ? hubScope(ctx.config) : narrowScope(hubScope(ctx.config), { officeIds: ids });
}
