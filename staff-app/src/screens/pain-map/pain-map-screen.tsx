import { useEffect, useState } from 'preact/hooks';
import type { Measure, Pain, PainMapResponse } from '../../../../shared/api/pain-map.ts';
import { MEASURE_STATUS_LABEL, PAIN_STATUS_LABEL, PRIORITY_LABEL, TARGET_LABEL } from '../../../../shared/pain-map-words.ts';
import { moscowDay, periodContaining } from '../../../../shared/periods.ts';
import { getJson } from '../../api/client.ts';
import { Failed, Loading } from '../../components/states.tsx';
import { useLoad } from '../../components/use-load.ts';
import type { ScreenProps } from '../../screen-props.ts';
import { EvidenceForm, MeasureProgress, NewMeasureForm, NewPainForm, PainStatusForm, ReviewForm } from './pain-forms.tsx';
import './pain-map.css';

/**
 * «Карта болей клиента» (seed 001 §4.6): the quarter's pains per process with where they were
 * found, the corrective measures with owners and deadlines, the overdue ones first, and for each
 * measure done the figure it targets before and after, with a verdict that never claims more than
 * the data hold. The CX sector edits; the director records a review; an office head reads.
 */
const quarterOf = (ms: number): string => periodContaining('quarter', ms).key;
const shift = (quarter: string, by: number): string => {
  const [y, q] = quarter.split('-Q').map(Number) as [number, number];
  const index = y * 4 + (q - 1) + by;
  return `${Math.floor(index / 4)}-Q${(index % 4) + 1}`;
};
const dotted = (date: string): string => date.split('-').reverse().join('.');

export function Screen({ props }: ScreenProps<'pain-map'>) {
  const [quarter, setQuarter] = useState(() => new URLSearchParams(location.search).get('quarter') ?? quarterOf(Date.now()));
  const map = useLoad(() => getJson<PainMapResponse>('/api/pain-map', { quarter }), [quarter]);
  useEffect(() => {
    if (map.data) document.body.dataset.ready = 'true';
  }, [map.data]);
  const choose = (q: string) => {
    history.replaceState(null, '', `?quarter=${q}`);
    setQuarter(q);
  };
  if (!map.data) return map.error ? <Failed message={map.error} retry={map.reload} /> : <Loading what="карту болей" />;
  const d = map.data;
  const today = moscowDay(Date.now());
  return (
    <div class="pain-map">
      <nav class="quarter-nav" aria-label="Квартал">
        <button type="button" class="button" onClick={() => choose(shift(quarter, -1))}>
          ← Предыдущий квартал
        </button>
        <strong id="quarter-label">{d.quarterLabel}</strong>
        <button type="button" class="button" onClick={() => choose(shift(quarter, 1))}>
          Следующий квартал →
        </button>
        <a class="download" href={`/api/pain-map/${d.quarter}.xlsx`}>
          Карта болей за квартал (XLSX)
        </a>
      </nav>
      <p class="calm">Информация носит внутриведомственный характер и не подлежит опубликованию.</p>

      {d.overdue.length > 0 && (
        <section aria-labelledby="overdue-title" class="overdue">
          <h2 id="overdue-title">Просроченные мероприятия</h2>
          <ul>
            {d.overdue.map((m) => (
              <li key={m.id}>
                {m.text} — {m.owner}, {m.officeName}, срок {dotted(m.dueOn)}
              </li>
            ))}
          </ul>
        </section>
      )}

      {d.pains.length === 0 ? <p class="empty-state">В карте болей за этот квартал пока нет проблем.</p> : d.pains.map((p, i) => <PainCard key={p.id} pain={p} n={i + 1} data={d} offices={props.offices} today={today} reload={map.reload} />)}

      {d.mayEdit && <NewPainForm quarter={d.quarter} offices={props.offices} done={map.reload} />}
    </div>
  );
}

function PainCard({ pain, n, data, offices, today, reload }: { pain: Pain; n: number; data: PainMapResponse; offices: { id: string; name: string }[]; today: string; reload: () => void }) {
  return (
    <article class={`pain pain-${pain.priority}`} aria-labelledby={`pain-${pain.id}`} data-pain={pain.id}>
      <h2 id={`pain-${pain.id}`}>
        {n}. {pain.title}
      </h2>
      <p class="pain-facts">
        {pain.process} · {pain.officeName} · приоритет: {PRIORITY_LABEL[pain.priority]} · {PAIN_STATUS_LABEL[pain.status]}
      </p>
      {pain.description && <p>{pain.description}</p>}
      {pain.evidence.length > 0 && (
        <>
          <h3>Где выявлена</h3>
          <ul class="evidence">
            {pain.evidence.map((e) => (
              <li key={e.id}>{e.kind === 'comment' ? `Отзыв клиента: «${e.text}»` : e.text}</li>
            ))}
          </ul>
        </>
      )}
      {data.mayEdit && <EvidenceForm painId={pain.id} done={reload} />}
      {data.mayEdit && <PainStatusForm painId={pain.id} status={pain.status} done={reload} />}
      <h3>Мероприятия</h3>
      {pain.measures.length === 0 ? <p class="calm">Мероприятий пока нет.</p> : <ul class="measures">{pain.measures.map((m) => <MeasureItem key={m.id} measure={m} data={data} today={today} reload={reload} />)}</ul>}
      {data.mayEdit && <NewMeasureForm painId={pain.id} offices={offices} defaultOffice={pain.officeId} today={today} done={reload} />}
    </article>
  );
}

function MeasureItem({ measure: m, data, today, reload }: { measure: Measure; data: PainMapResponse; today: string; reload: () => void }) {
  return (
    <li class={`measure${m.overdue ? ' measure-overdue' : ''}`} data-measure={m.id}>
      <p>
        <strong>{m.text}</strong> — {m.owner}, {m.officeName}. Срок: {dotted(m.dueOn)}. {MEASURE_STATUS_LABEL[m.status]}
        {m.doneOn && ` ${dotted(m.doneOn)}`}
        {m.overdue && <span class="badge badge-overdue"> просрочено</span>}
      </p>
      {m.effect && (
        <p class={`effect effect-${m.effect.verdict}`} data-verdict={m.effect.verdict}>
          <strong>{m.effect.words}</strong> ({TARGET_LABEL[m.target]}, {dotted(m.effect.before.from)}–{dotted(m.effect.before.to)} против {dotted(m.effect.after.from)}–{dotted(m.effect.after.to)}): {m.effect.sentence}
        </p>
      )}
      {m.review && (
        <p class="review">
          Заключение директора: {m.review} <span class="n">({m.reviewedBy})</span>
        </p>
      )}
      {data.mayEdit && <MeasureProgress measure={m} today={today} done={reload} />}
      {data.mayReview && <ReviewForm measure={m} done={reload} />}
    </li>
  );
}
