import { useEffect, useState } from 'preact/hooks';
import type { ReportResponse, TemplateListResponse } from '../../../../shared/api/mystery-shopper.ts';
import type { ScreenProps } from '../../screen-props.ts';
import { getJson, url } from '../../api/client.ts';
import { Field, inputValue } from '../../components/field.tsx';
import { PeriodPicker } from '../../components/period-picker.tsx';
import { Empty, Failed, Loading } from '../../components/states.tsx';
import { useLoad } from '../../components/use-load.ts';
import { ReportDocument } from './report-document.tsx';
import './mystery-shopper.css';
import './report-print.css';

/**
 * The «справка о проведённом мероприятии» (order No. 308, 2.3) for a template, a period and
 * optionally an office, printed from the browser on A4: the choices above it are not printed. An
 * office head gets his office's; nobody gets the shoppers' pseudonyms.
 */
interface Choice {
  period: string;
  template: string;
  office: string;
}

export function Screen({ props }: ScreenProps<'mystery-report'>) {
  const [choice, setChoice] = useState<Choice>(() => {
    const q = new URLSearchParams(location.search);
    return { period: q.get('period') ?? '', template: q.get('template') ?? '', office: q.get('office') ?? '' };
  });
  const templates = useLoad(() => getJson<TemplateListResponse>('/api/mystery-shopper/templates'));
  const template = choice.template || templates.data?.templates[0]?.familyId || '';
  const [report, setReport] = useState<{ data: ReportResponse | null; error: string | null }>({ data: null, error: null });
  useEffect(() => {
    if (!template) return;
    getJson<ReportResponse>('/api/mystery-shopper/report', { ...choice, template }).then(
      (data) => {
        setReport({ data, error: null });
        document.body.dataset.ready = 'true';
      },
      (e: Error) => setReport({ data: null, error: e.message }),
    );
  }, [choice.period, template, choice.office]);
  const choose = (patch: Partial<Choice>) => {
    const next = { ...choice, template, ...patch };
    history.replaceState(null, '', url('/mystery-shopper/report', { ...next }));
    setChoice(next);
  };

  if (!templates.data) return templates.error ? <Failed message={templates.error} /> : <Loading what="анкеты" />;
  if (templates.data.templates.length === 0) return <Empty>Анкет пока нет: справка строится по визитам одной анкеты.</Empty>;
  const data = report.data;
  return (
    <div class="mystery">
      <div class="no-print ms-report-controls">
        <p>
          <a href="/mystery-shopper">← К разделу «Тайный клиент»</a>
        </p>
        {data && <PeriodPicker period={data.period} now={Date.now()} onChange={(key) => choose({ period: key })} kinds={['month', 'quarter', 'custom']} idPrefix="ms-report-period" />}
        <div class="ms-filters">
          <Field id="ms-report-template" label="Анкета">
            {(c) => (
              <select {...c} value={template} onChange={(e) => choose({ template: inputValue(e) })}>
                {templates.data!.templates.map((t) => (
                  <option key={t.familyId} value={t.familyId}>
                    {t.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {props.offices.length > 1 && (
            <Field id="ms-report-office" label="Отдел">
              {(c) => (
                <select {...c} value={choice.office} onChange={(e) => choose({ office: inputValue(e) })}>
                  <option value="">все отделы</option>
                  {props.offices.map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
          <button type="button" id="ms-print" onClick={() => window.print()} disabled={!data}>
            Печать
          </button>
        </div>
      </div>
      {report.error && <Failed message={report.error} />}
      {data ? <ReportDocument report={data} /> : !report.error && <Loading what="справку" />}
    </div>
  );
}
