import { useEffect, useState } from 'preact/hooks';
import type { TemplateListResponse, VisitListResponse } from '../../../../shared/api/mystery-shopper.ts';
import type { ScreenProps } from '../../screen-props.ts';
import { getJson, url } from '../../api/client.ts';
import { Field, inputValue } from '../../components/field.tsx';
import { PeriodPicker } from '../../components/period-picker.tsx';
import { Failed, Loading } from '../../components/states.tsx';
import { useLoad } from '../../components/use-load.ts';
import { OfficeScoresTable, TemplatesTable, VisitsTable } from './list-tables.tsx';
import './mystery-shopper.css';

/**
 * «Тайный клиент» (order No. 308, 2.3): the checklist templates, the visits of a period (filtered
 * by office and template) and each office's score over the approved ones, with the way to the
 * справка. The CX sector and the admin make templates and record visits; the director and the
 * office heads read (an office head his office's).
 */
interface Filters {
  period: string;
  office: string;
  template: string;
}

const fromLocation = (): Filters => {
  const q = new URLSearchParams(location.search);
  return { period: q.get('period') ?? '', office: q.get('office') ?? '', template: q.get('template') ?? '' };
};

export function Screen({ props }: ScreenProps<'mystery-shopper'>) {
  const [filters, setFilters] = useState<Filters>(fromLocation);
  const templates = useLoad(() => getJson<TemplateListResponse>('/api/mystery-shopper/templates'));
  const visits = useLoad(() => getJson<VisitListResponse>('/api/mystery-shopper/visits', { ...filters }), [filters.period, filters.office, filters.template]);
  useEffect(() => {
    if (templates.data && visits.data) document.body.dataset.ready = 'true';
  }, [templates.data, visits.data]);
  const choose = (patch: Partial<Filters>) => {
    const next = { ...filters, ...patch };
    history.replaceState(null, '', url('/mystery-shopper', { ...next }));
    setFilters(next);
  };
  if (!templates.data) return templates.error ? <Failed message={templates.error} retry={templates.reload} /> : <Loading what="анкеты" />;
  const period = visits.data?.period;
  const reportHref = filters.template && period ? url('/mystery-shopper/report', { period: period.key, template: filters.template, office: filters.office }) : null;

  return (
    <div class="mystery">
      <p class="calm">
        Сектор клиентского опыта составляет анкету и сценарий, «тайный» клиент посещает отдел, аналитик записывает визит и утверждает отчёт. Оценка визита — доля выполненных критериев с учётом их веса; оценки отделов и справка считаются по утверждённым визитам.
      </p>
      {props.mayEdit && (
        <p class="buttons">
          <a class="button" id="ms-new-template" href="/mystery-shopper/templates/new">
            Новая анкета
          </a>
          {templates.data.templates.length > 0 && (
            <a class="button" id="ms-new-visit" href="/mystery-shopper/visits/new">
              Записать визит
            </a>
          )}
        </p>
      )}
      <h2>Анкеты</h2>
      <TemplatesTable templates={templates.data.templates} mayEdit={props.mayEdit} periodKey={period?.key ?? ''} />

      <h2>Визиты</h2>
      {period && <PeriodPicker period={period} now={Date.now()} onChange={(key) => choose({ period: key })} kinds={['month', 'quarter', 'custom']} idPrefix="ms-period" />}
      <div class="ms-filters">
        <Field id="ms-office" label="Отдел">
          {(c) => (
            <select {...c} value={filters.office} onChange={(e) => choose({ office: inputValue(e) })}>
              {props.offices.length > 1 && <option value="">все отделы</option>}
              {props.offices.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="ms-template" label="Анкета">
          {(c) => (
            <select {...c} value={filters.template} onChange={(e) => choose({ template: inputValue(e) })}>
              <option value="">все анкеты</option>
              {templates.data!.templates.map((t) => (
                <option key={t.familyId} value={t.familyId}>
                  {t.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <p class="ms-report-link">
          {reportHref ? (
            <a id="ms-report" href={reportHref}>
              Справка о мероприятии за период
            </a>
          ) : (
            <span class="muted">Справка: выберите анкету</span>
          )}
        </p>
      </div>
      {visits.error && <Failed message={visits.error} retry={visits.reload} />}
      {!visits.data ? (
        !visits.error && <Loading what="визиты" />
      ) : (
        <>
          <VisitsTable rows={visits.data.rows} />
          <h2>Оценки отделов за {visits.data.period.label}</h2>
          <OfficeScoresTable scores={visits.data.officeScores} />
        </>
      )}
    </div>
  );
}
