import type { NegativeFeedback, NegativeRow, Share } from '../../../../shared/api/analysis.ts';
import { getJson } from '../../api/client.ts';
import { DataTable, type Column } from '../../components/data-table.tsx';
import { Failed, Loading } from '../../components/states.tsx';
import { useLoad } from '../../components/use-load.ts';
import { moscowDateTime, number } from '../../format.ts';
import { figures, liveTick } from './store.ts';

/**
 * Negative-feedback monitoring (seed 001 §4.5) for the dashboard's period: how much feedback was
 * negative and how many clients were satisfied, per channel and per office, each share with its n
 * and 95 % interval, and the main topics of the negative comments. The quarter's XLSX goes to the
 * analysis; it is internal, and the screen says so.
 */
type OfficeRow = NegativeFeedback['offices'][number];

const SMALL = 'Малая выборка: менее 30 ответов, доля неустойчива';

function ShareCell({ share }: { share: Share }) {
  if (share.n === 0) return <td class="num empty">—</td>;
  const interval = share.interval ? `${number(share.interval.low, 1)}–${number(share.interval.high, 1)} %` : null;
  return (
    <td class={`num fig${share.small ? ' small' : ''}`} data-n={share.n} title={[share.small ? SMALL : null, interval ? `95 % интервал: ${interval}` : null].filter(Boolean).join('. ') || undefined}>
      <span class="value">
        {share.small ? '≈ ' : ''}
        {number(share.value, 1)} %
      </span>{' '}
      <span class="n">
        {number(share.count, 0)} из {number(share.n, 0)}
      </span>
      {share.small && <span class="visually-hidden"> (малая выборка)</span>}
      {interval && <span class="interval">95 %: {interval}</span>}
    </td>
  );
}

const shareColumns = <Row,>(pick: (row: Row) => Omit<NegativeRow, 'channel' | 'channelLabel'>): Column<Row>[] => [
  { id: 'total', label: 'Оценок и ответов', sort: (r) => pick(r).total, cell: (r) => <td class="num">{number(pick(r).total, 0)}</td> },
  { id: 'negative', label: 'Негативных', sort: (r) => pick(r).negative.value, cell: (r) => <ShareCell share={pick(r).negative} /> },
  { id: 'satisfied', label: 'Удовлетворённых', sort: (r) => pick(r).satisfied.value, cell: (r) => <ShareCell share={pick(r).satisfied} /> },
  { id: 'unsatisfied', label: 'Неудовлетворённых', sort: (r) => pick(r).unsatisfied.value, cell: (r) => <ShareCell share={pick(r).unsatisfied} /> },
];

export function NegativeView() {
  const key = figures.value?.period.key ?? null;
  const loaded = useLoad(() => getJson<NegativeFeedback>('/api/analysis/negative', key ? { period: key } : {}), [key, liveTick.value]);
  if (!loaded.data) return loaded.error ? <Failed message={loaded.error} retry={loaded.reload} /> : <Loading what="мониторинг негативной обратной связи" />;
  const d = loaded.data;
  const channelColumns: Column<NegativeRow>[] = [{ id: 'channel', label: 'Канал', sort: (r) => r.channelLabel, cell: (r) => <th scope="row">{r.channelLabel}</th> }, ...shareColumns<NegativeRow>((r) => r)];
  const officeColumns: Column<OfficeRow>[] = [{ id: 'office', label: 'Отдел', sort: (r) => r.office.name, cell: (r) => <th scope="row">{r.office.name}</th> }, ...shareColumns<OfficeRow>((r) => r.total)];
  const xlsx = `/api/analysis/negative/${encodeURIComponent(d.period.key)}.xlsx`;
  return (
    <div class="negative">
      <p class="calm">
        Негативная обратная связь: оценки пульта 1–2 и ответы анкеты с оценкой CSAT 1–3 или NPS 0–6. Удовлетворённые клиенты: оценка пульта или общая удовлетворённость (вопрос 3) 4–5. Информация носит
        внутриведомственный характер и не подлежит опубликованию.
      </p>
      <p>
        За период «{d.period.label}»: негативных — <strong>{number(d.total.negative.count, 0)}</strong> из {number(d.total.total, 0)}
        {d.total.negative.interval && ` (${number(d.total.negative.value, 1)} %, 95 % интервал ${number(d.total.negative.interval.low, 1)}–${number(d.total.negative.interval.high, 1)} %)`}.
      </p>
      <DataTable id="negative-channels" caption="Негативная обратная связь по каналам" columns={channelColumns} rows={d.byChannel} rowKey={(r) => r.channel} downloads={[{ label: 'Мониторинг (XLSX)', href: xlsx }]} />
      {d.offices.length > 1 && (
        <DataTable id="negative-offices" caption="Негативная обратная связь по отделам" columns={officeColumns} rows={d.offices.filter((o) => o.total.total > 0)} rowKey={(r) => r.office.id} rowProps={(r) => ({ 'data-office': r.office.id })} />
      )}
      <h3 id="negative-topics-title">Основная тематика негативных комментариев</h3>
      {d.negativeComments === 0 ? (
        <p class="calm">Негативных комментариев за период нет.</p>
      ) : (
        <>
          <p class="calm">
            Темы предложены по словам комментария (без передачи текста куда-либо); у комментария может быть несколько тем. Прочитано негативных комментариев: {number(d.negativeComments, 0)}, без темы из справочника:{' '}
            {number(d.withoutTopic, 0)}.
          </p>
          <ol class="topics" aria-labelledby="negative-topics-title">
            {d.topics.map((t) => (
              <li key={t.topicId} data-topic={t.topicId}>
                <strong>{t.name}</strong>: {number(t.comments, 0)} ({number(t.share.value, 1)} %
                {t.share.interval && `, 95 % интервал ${number(t.share.interval.low, 1)}–${number(t.share.interval.high, 1)} %`})
                <details>
                  <summary>Примеры</summary>
                  <ul>
                    {t.examples.map((e) => (
                      <li key={`${e.bornAt}-${e.officeId}`}>
                        «{e.text}» <span class="n">{moscowDateTime(e.bornAt)}</span>
                      </li>
                    ))}
                  </ul>
                </details>
              </li>
            ))}
          </ol>
        </>
      )}
    </div>
  );
}
