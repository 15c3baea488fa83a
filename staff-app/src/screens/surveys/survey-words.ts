import type { SurveySummaryView } from '../../../../shared/api/surveys.ts';

/**
 * A survey's state in the list, in the CX sector's words: a draft never published, the version
 * offered now (with a note when the draft holds unpublished edits), or finished after its period.
 */
export function surveyState(s: Pick<SurveySummaryView, 'latestVersion' | 'unpublished' | 'period'>, today: string): { text: string; tone: 'draft' | 'live' | 'done' } {
  if (s.latestVersion === null) return { text: 'черновик', tone: 'draft' };
  if (s.period.to < today) return { text: `завершён (версия ${s.latestVersion})`, tone: 'done' };
  const edits = s.unpublished ? ', есть неопубликованные правки' : '';
  return { text: `опубликован v${s.latestVersion}${edits}`, tone: 'live' };
}

/** «37 из 100 (37 %)», or just the count without a target. */
export function progressText(answers: number, targetN: number | null): string {
  if (targetN === null) return `${answers} (цель не задана)`;
  return `${answers} из ${targetN} (${Math.min(100, Math.round((answers / targetN) * 100))} %)`;
}

/** 2026-12-01 → 01.12.2026 */
export const dayText = (iso: string): string => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;

/** A share as people read it: «12,5 %». */
export const shareText = (share: number): string => `${(share * 100).toFixed(1).replace('.', ',')} %`;
