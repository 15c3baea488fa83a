import type { ApiOfficeScore, Template, VisitRow } from '../../../../shared/api/mystery-shopper.ts';
import { VISIT_STATE_LABEL } from '../../../../shared/mystery-shopper-words.ts';
import { url } from '../../api/client.ts';
import { DataTable, type Column } from '../../components/data-table.tsx';
import { Empty } from '../../components/states.tsx';
import { dotted, intervalText, percent, scoreClass, visitWhen } from './ms-format.ts';

/** The tables of the «Тайный клиент» page: templates, visits, offices' scores. */
export function TemplatesTable({ templates, mayEdit, periodKey }: { templates: Template[]; mayEdit: boolean; periodKey: string }) {
  if (templates.length === 0) return <Empty>Анкет пока нет.{mayEdit ? ' Начните с новой анкеты: критерии, их вес и сценарий визита.' : ''}</Empty>;
  const columns: Column<Template>[] = [
    { id: 'name', label: 'Анкета', sort: (t) => t.name, cell: (t) => <th scope="row">{t.name}</th> },
    { id: 'version', label: 'Версия', sort: (t) => t.version, cell: (t) => <td class="num">{t.version}</td> },
    { id: 'criteria', label: 'Критериев', sort: (t) => t.criteria.length, cell: (t) => <td class="num">{t.criteria.length}</td> },
    { id: 'visits', label: 'Визитов по версии', sort: (t) => t.visits, cell: (t) => <td class="num">{t.visits}</td> },
    { id: 'changed', label: 'Изменена', sort: (t) => t.updatedAt, cell: (t) => <td>{dotted(new Date(t.updatedAt + 3 * 3_600_000).toISOString().slice(0, 10))}</td> },
    {
      id: 'actions',
      label: 'Действия',
      cell: (t) => (
        <td>
          <span class="ms-actions">
            {mayEdit && (
              <a href={`/mystery-shopper/templates/${t.id}`} aria-label={`Изменить анкету «${t.name}»`}>
                Изменить
              </a>
            )}
            <a href={url('/mystery-shopper/report', { template: t.familyId, period: periodKey })} aria-label={`Справка по анкете «${t.name}»`}>
              Справка
            </a>
          </span>
        </td>
      ),
    },
  ];
  return <DataTable caption="Анкеты тайного клиента" captionHidden columns={columns} rows={templates} rowKey={(t) => t.id} />;
}

export function VisitsTable({ rows }: { rows: VisitRow[] }) {
  if (rows.length === 0) return <Empty>За этот период визитов нет.</Empty>;
  const columns: Column<VisitRow>[] = [
    {
      id: 'day',
      label: 'Дата визита',
      sort: (v) => `${v.visitedOn} ${v.visitedTime ?? ''}`,
      cell: (v) => (
        <th scope="row">
          <a href={`/mystery-shopper/visits/${v.id}`}>{visitWhen(v)}</a>
        </th>
      ),
    },
    { id: 'office', label: 'Отдел', sort: (v) => v.officeName, cell: (v) => <td>{v.officeName}</td> },
    { id: 'template', label: 'Анкета', sort: (v) => v.templateName, cell: (v) => <td>{`${v.templateName} (версия ${v.templateVersion})`}</td> },
    { id: 'score', label: 'Оценка', sort: (v) => v.score, cell: (v) => <td class={`num ${scoreClass(v.score)}`}>{percent(v.score)}</td> },
    { id: 'state', label: 'Отчёт', sort: (v) => v.state, cell: (v) => <td>{VISIT_STATE_LABEL[v.state]}</td> },
    { id: 'files', label: 'Файлов', sort: (v) => v.attachments, cell: (v) => <td class="num">{v.attachments}</td> },
  ];
  return <DataTable id="ms-visits" caption="Визиты за период" captionHidden columns={columns} rows={rows} rowKey={(v) => v.id} />;
}

export function OfficeScoresTable({ scores }: { scores: ApiOfficeScore[] }) {
  if (scores.length === 0) return <Empty>Утверждённых визитов за период нет: оценки отделов считаются по утверждённым отчётам.</Empty>;
  const columns: Column<ApiOfficeScore>[] = [
    { id: 'office', label: 'Отдел', sort: (s) => s.officeName, cell: (s) => <th scope="row">{s.officeName}</th> },
    { id: 'n', label: 'Визитов', sort: (s) => s.n, cell: (s) => <td class="num">{s.n}</td> },
    { id: 'mean', label: 'Средняя оценка', sort: (s) => s.mean, cell: (s) => <td class={`num ${scoreClass(s.mean)}`}>{percent(s.mean)}</td> },
    { id: 'interval', label: '95 % интервал', cell: (s) => <td>{intervalText(s.interval)}</td> },
  ];
  return <DataTable id="ms-office-scores" caption="Оценки отделов по утверждённым визитам" captionHidden columns={columns} rows={scores} rowKey={(s) => s.officeId} />;
}
