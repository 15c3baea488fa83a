import type { AuditEntry, AuditResponse } from '../../../../shared/api/admin.ts';
import { getJson } from '../../api/client.ts';
import { DataTable, type Column } from '../../components/data-table.tsx';
import { Failed, Loading } from '../../components/states.tsx';
import { useLoad } from '../../components/use-load.ts';
import { moscowDateTime } from '../../format.ts';
import { actionLabel, detailInWords, targetInWords } from './audit-words.ts';

/** The audit log's last 200 entries, in words; each row's raw record one click away. */
export function AuditSection({ version, officeName }: { version: number; changed: () => void; officeName: (id: string) => string }) {
  const audit = useLoad(() => getJson<AuditResponse>('/api/admin/audit'), [version]);
  const columns: Column<AuditEntry>[] = [
    { id: 'at', label: 'Когда', sort: (e) => e.at, cell: (e) => <td>{moscowDateTime(e.at)}</td> },
    { id: 'actor', label: 'Кто', sort: (e) => e.actor, cell: (e) => <td>{e.actor}</td> },
    { id: 'action', label: 'Действие', sort: (e) => actionLabel(e.action), cell: (e) => <td data-action={e.action}>{actionLabel(e.action)}</td> },
    {
      id: 'what',
      label: 'Что именно',
      cell: (e) => (
        <td>
          {[targetInWords(e.action, e.target), detailInWords(e.action, e.detail, officeName)].filter(Boolean).join('; ')}
          <details class="more">
            <summary>запись журнала</summary>
            <pre class="raw">{`${e.action}${e.target ? `\n${e.target}` : ''}${e.detail ? `\n${e.detail}` : ''}${e.ip ? `\nадрес: ${e.ip}` : ''}`}</pre>
          </details>
        </td>
      ),
    },
  ];
  return (
    <section class="card" aria-labelledby="audit-h">
      <h2 id="audit-h">Журнал аудита: последние 200 действий</h2>
      {audit.data ? (
        <DataTable caption="Журнал аудита" captionHidden columns={columns} rows={audit.data.entries} rowKey={(e) => String(e.seq)} />
      ) : audit.error ? (
        <Failed message={audit.error} retry={audit.reload} />
      ) : (
        <Loading what="журнал" />
      )}
    </section>
  );
}
