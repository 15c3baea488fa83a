import type { ArchiveResponse } from '../../../../shared/api/figures.ts';
import { getJson } from '../../api/client.ts';
import { DataTable, type Column } from '../../components/data-table.tsx';
import { Empty, Failed, Loading } from '../../components/states.tsx';
import { useLoad } from '../../components/use-load.ts';
import { moscowDateTime } from '../../format.ts';

/** The reports the hub made on schedule, with their files and whether the e-mail went. */
type Report = ArchiveResponse['reports'][number];
const MAIL: Record<Report['mailStatus'], string> = { 'not-configured': 'почта не настроена', sent: 'отправлен по почте', failed: 'письмо не отправлено' };

const COLUMNS: Column<Report>[] = [
  { id: 'kind', label: 'Отчёт', sort: (r) => r.kindLabel, cell: (r) => <td>{r.kindLabel}</td> },
  { id: 'period', label: 'Период', sort: (r) => r.periodKey, cell: (r) => <td>{r.periodLabel}</td> },
  { id: 'at', label: 'Сформирован', sort: (r) => r.generatedAt, cell: (r) => <td>{moscowDateTime(r.generatedAt)}</td> },
  {
    id: 'files',
    label: 'Файлы',
    cell: (r) => (
      <td>
        <a href={r.xlsxUrl} download>
          XLSX
        </a>{' '}
        ·{' '}
        <a href={r.csvUrl} download>
          CSV
        </a>
      </td>
    ),
  },
  { id: 'mail', label: 'Почта', cell: (r) => <td title={r.mailDetail ?? undefined}>{MAIL[r.mailStatus]}</td> },
];

export function ArchiveView() {
  const archive = useLoad(() => getJson<ArchiveResponse>('/api/reports'));
  if (!archive.data) return archive.error ? <Failed message={`Архив недоступен: ${archive.error}`} retry={archive.reload} /> : <Loading what="архив" />;
  if (archive.data.reports.length === 0) return <Empty>Отчётов в архиве пока нет.</Empty>;
  return <DataTable caption="Архив отчётов" captionHidden class="grid archive" columns={COLUMNS} rows={archive.data.reports} rowKey={(r) => String(r.id)} />;
}
