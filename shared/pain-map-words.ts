/**
 * The pain map's words and value lists (issue 19), without zod: the staff app's pain-map screen
 * imports these, and must not bundle the schemas (shared/api/pain-map.ts imports them from here).
 */
export const PRIORITIES = ['high', 'medium', 'low'] as const;
export const PRIORITY_LABEL: Record<(typeof PRIORITIES)[number], string> = { high: 'высокий', medium: 'средний', low: 'низкий' };
export const PAIN_STATUSES = ['open', 'in-work', 'resolved', 'dropped'] as const;
export const PAIN_STATUS_LABEL: Record<(typeof PAIN_STATUSES)[number], string> = { open: 'выявлена', 'in-work': 'в работе', resolved: 'устранена', dropped: 'снята' };
export const MEASURE_STATUSES = ['planned', 'in-progress', 'done', 'cancelled'] as const;
export const MEASURE_STATUS_LABEL: Record<(typeof MEASURE_STATUSES)[number], string> = { planned: 'запланировано', 'in-progress': 'выполняется', done: 'выполнено', cancelled: 'отменено' };
export const TARGETS = ['panel', 'csat', 'nps', 'ces', 'negative'] as const;
export type Target = (typeof TARGETS)[number];
export const TARGET_LABEL: Record<Target, string> = { panel: 'средний балл пультов', csat: 'CSAT', nps: 'NPS', ces: 'CES', negative: 'доля негативной обратной связи' };
