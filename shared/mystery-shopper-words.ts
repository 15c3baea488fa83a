/**
 * The mystery shopper's («Тайный клиент», order No. 308 item 2.3) value lists, limits and words,
 * without zod: the staff app's screens import these and must not bundle the schemas
 * (shared/mystery-shopper.ts imports them from here).
 */

/** How a criterion was met on a visit: «выполнено» 1, «частично» 0.5, «не выполнено» 0, «не применимо» left out. */
export const MARKS = ['met', 'partly', 'missed', 'na'] as const;
export type Mark = (typeof MARKS)[number];

export const MARK_LABEL: Record<Mark, string> = { met: 'выполнено', partly: 'частично', missed: 'не выполнено', na: 'не применимо' };

/** A mark's value in the score; null: the criterion does not count on this visit. */
export const MARK_VALUE: Record<Mark, number | null> = { met: 1, partly: 0.5, missed: 0, na: null };

/** The schema's bounds, shared by the form's own check and the hub's. */
export const LIMITS = {
  templateName: 200,
  goals: 4000,
  scenario: 8000,
  criteria: 60,
  criterionText: 300,
  criterionGroup: 120,
  weightMin: 1,
  weightMax: 10,
  shopper: 60,
  visitText: 4000,
  criterionNote: 500,
} as const;

/** Attachments: photos or documents of a visit, kept in the database. */
export const ATTACHMENT_TYPES = ['image/jpeg', 'image/png', 'application/pdf'] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];
export const ATTACHMENT_TYPE_LABEL: Record<AttachmentType, string> = { 'image/jpeg': 'фото JPEG', 'image/png': 'изображение PNG', 'application/pdf': 'документ PDF' };
/** The extensions a file of each type may carry in its name. */
export const ATTACHMENT_EXTENSIONS: Record<AttachmentType, readonly string[]> = { 'image/jpeg': ['jpg', 'jpeg'], 'image/png': ['png'], 'application/pdf': ['pdf'] };
export const ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024;
export const VISIT_ATTACHMENTS_MAX_BYTES = 20 * 1024 * 1024;
export const VISIT_ATTACHMENTS_MAX_COUNT = 30;
export const ATTACHMENT_NAME_MAX = 120;

/**
 * The register entry a visit opens takes its tone from the score: under 80 % «негативный» (the
 * office head must answer with measures), 95 % and over «позитивный», between them «нейтральный».
 */
export const NEGATIVE_BELOW = 80;
export const POSITIVE_FROM = 95;
export type VisitTone = 'negative' | 'neutral' | 'positive';
export const toneOfScore = (score: number): VisitTone => (score < NEGATIVE_BELOW ? 'negative' : score >= POSITIVE_FROM ? 'positive' : 'neutral');

/** A visit is a draft until the CX sector approves its report; then it is frozen and counts in the scores and the справка. */
export const VISIT_STATE_LABEL = { draft: 'черновик', approved: 'утверждён' } as const;
export type VisitState = keyof typeof VISIT_STATE_LABEL;
