import { useMemo, useState } from 'preact/hooks';
import type { InterviewerSummaryResponse, SummarySentResponse } from '../../../../shared/api/interviewer.ts';
import { newRecordId } from '../../../../shared/ids.ts';
import { INTERVIEWER_SUMMARIES_PATH, INTERVIEWER_SUMMARY_PATH } from '../../../../shared/interviewer.ts';
import type { SurveyVersion } from '../../../../shared/surveys/definition.ts';
import { ApiFailure, getJson, sendJson } from '../../api/client.ts';
import { Field, inputValue } from '../../components/field.tsx';
import { Failed, Loading, Notice } from '../../components/states.tsx';
import { useLoad } from '../../components/use-load.ts';
import { isoDayText as dayText, moscowDateTime } from '../../format.ts';
import { SentSummaries } from './sent-summaries.tsx';
import { SummaryQuestions, SummaryTotals } from './summary-figures-table.tsx';

/**
 * «Итоговая форма» of the exit poll (order No. 308, 2.2): filled by the office hub from the answers
 * every interviewer of this office took (today, or over the whole survey so far), with the «отказался
 * отвечать» count; the employee adds remarks and sends it to the CX sector, once (its id is made
 * when the form is opened and kept until it is sent, so a repeat after a lost answer is the same
 * form). Printable. Needs the hub: the figures are the office's, not this tablet's.
 */
export interface SummaryFormProps {
  version: SurveyVersion;
  today: string;
  officeName: string;
  who: string;
  /** Items still on this device: the form does not count them yet. */
  pending: number;
  onBack: () => void;
}

export function SummaryForm({ version, today, officeName, who, pending, onBack }: SummaryFormProps) {
  const meta = version.definition.meta;
  const [whole, setWhole] = useState(false);
  const period = whole ? { from: meta.period.from, to: today < meta.period.to ? today : meta.period.to } : { from: today, to: today };
  const loaded = useLoad(() => getJson<InterviewerSummaryResponse>(INTERVIEWER_SUMMARY_PATH, { survey: version.surveyId, version: version.version, ...period }), [whole]);
  const idKey = `czn-interviewer-summary|${version.surveyId}|${version.version}|${period.from}|${period.to}`;
  const formId = useMemo(() => {
    const held = sessionStorage.getItem(idKey);
    if (held) return held;
    const id = newRecordId();
    sessionStorage.setItem(idKey, id);
    return id;
  }, [idKey]);
  const [remarks, setRemarks] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState<SummarySentResponse | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    try {
      const answer = await sendJson<SummarySentResponse>('POST', INTERVIEWER_SUMMARIES_PATH, { id: formId, surveyId: version.surveyId, version: version.version, period, remarks });
      sessionStorage.removeItem(idKey);
      setSent(answer);
      setError(null);
      loaded.reload();
    } catch (failure) {
      setError(failure instanceof ApiFailure ? (failure.fields.remarks ?? failure.message) : 'Форма не отправлена.');
    } finally {
      setBusy(false);
    }
  };
  const figures = sent?.summary.figures ?? loaded.data?.figures;

  return (
    <section class="summary-form" aria-labelledby="summary-title">
      <p class="no-print">
        <button type="button" class="link" onClick={onBack}>
          ← К списку опросов
        </button>
      </p>
      <h2 id="summary-title">Итоговая форма опроса на выходе</h2>
      <p>
        <strong>{meta.title}</strong> (версия {version.version}). {officeName}; {period.from === period.to ? `за ${dayText(period.from)}` : `с ${dayText(period.from)} по ${dayText(period.to)}`}.
      </p>
      <fieldset class="summary-scope no-print">
        <legend>За какой срок</legend>
        <label>
          <input type="radio" name="summary-scope" checked={!whole} onChange={() => (setWhole(false), setSent(null))} /> Сегодня
        </label>
        <label>
          <input type="radio" name="summary-scope" checked={whole} onChange={() => (setWhole(true), setSent(null))} /> За весь опрос
        </label>
      </fieldset>
      {pending > 0 && <p class="calm no-print">На этом устройстве ещё {pending} записей не переданы на хаб: форма их пока не учитывает. Дождитесь связи с хабом.</p>}
      {loaded.error && !loaded.data ? (
        <Failed message={`Форма заполняется на хабе по ответам всех сотрудников отдела, а хаб сейчас недоступен. ${loaded.error}`} retry={loaded.reload} />
      ) : !figures || !loaded.data ? (
        <Loading what="итоговая форма" />
      ) : (
        <>
          <SummaryTotals figures={figures} />
          <SummaryQuestions definition={version.definition} figures={figures} idPrefix="summary" />
          {sent ? (
            <>
              <Notice text={`Итоговая форма отправлена в сектор клиентского опыта${sent.created ? '' : ' (она была отправлена раньше)'}. Номер формы: ${sent.summary.id.slice(-12)}.`} />
              <h3>Замечания сотрудника</h3>
              <p class="summary-remarks">{sent.summary.remarks ?? 'нет'}</p>
            </>
          ) : (
            <form class="summary-send" onSubmit={submit}>
              <Field id="summary-remarks" label="Замечания сотрудника" hint="Что заметили во время опроса: настроение посетителей, частые просьбы, что мешало опросу." error={error}>
                {(c) => <textarea {...c} rows={5} maxLength={4000} value={remarks} onInput={(e) => setRemarks(inputValue(e))} />}
              </Field>
              <p class="print-only summary-remarks">Замечания сотрудника: {remarks.trim() || 'нет'}.</p>
              <div class="buttons no-print">
                <button type="submit" disabled={busy}>
                  Отправить в сектор клиентского опыта
                </button>
                <button type="button" class="secondary" onClick={() => window.print()}>
                  Печать
                </button>
              </div>
            </form>
          )}
          <p class="print-only">
            Заполнил(а): {who}. {moscowDateTime(Date.now())}.
          </p>
          <SentSummaries sent={loaded.data.sent} definition={version.definition} />
        </>
      )}
    </section>
  );
}
