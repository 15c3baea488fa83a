/**
 * The line on a page of regional settings on an office hub that takes them from the central:
 * where they are changed, with the way there. The page shows them read-only below it. `plural`
 * when `what` is plural («Правила сигналов …»), so the verb agrees.
 */
export function EditedAtCentral({ centralUrl, path, what, plural = false }: { centralUrl: string; path: string; what: string; plural?: boolean }) {
  const href = `${centralUrl.replace(/\/+$/, '')}${path}`;
  return (
    <p class="notice notice-read-only" role="note" data-edited-at-central="">
      {what} {plural ? 'изменяются' : 'изменяется'} на центральном сборщике: <a href={href}>{href}</a>. Здесь — только просмотр; хаб отдела получает изменения оттуда сам.
    </p>
  );
}
