/** Why a press is kept but not counted (shared/records.ts `suppressionSchema`): the board and the dashboard say it alike. */
export const SUPPRESSED_REASON =
  'Не засчитаны повторные нажатия: клиент нажал снова слишком скоро после предыдущей оценки на том же пульте. Они сохранены, но в средний балл не входят, чтобы один человек не мог оценить много раз подряд.';
