import { useEffect } from 'preact/hooks';
import type { ScreenProps } from '../../screen-props.ts';
import { PeriodPicker } from '../../components/period-picker.tsx';
import { Failed, Loading } from '../../components/states.tsx';
import { AlertsView } from './alerts-view.tsx';
import { ArchiveView } from './archive-view.tsx';
import { CommentsView } from './comments-view.tsx';
import { DrillView } from './drill-view.tsx';
import { FiguresTable } from './figures-table.tsx';
import { HeatmapView } from './heatmap-view.tsx';
import { InvitationsView } from './invitations-view.tsx';
import { NegativeView } from './negative-view.tsx';
import { RankingView } from './ranking-view.tsx';
import { RegionTiles } from './region-tiles.tsx';
import { choosePeriod, connectLive, figures, figuresError, live, loadFigures } from './store.ts';
import { TrendView } from './trend-view.tsx';
import './dashboard.css';

/**
 * The CX dashboard: the period, the offices × period table and its drill-down, then what people
 * would rather look at than read (the region as tiles, the offices ranked with their intervals,
 * the week's heat map, the trends), the negative-feedback monitoring, the invitations, the alerts, the comments and the archive.
 * Every number comes from the hub's JSON API; the hub's socket says when figures changed.
 */
export function Screen({ props }: ScreenProps<'dashboard'>) {
  useEffect(() => {
    void loadFigures()
      .then(() => requestAnimationFrame(() => (document.body.dataset.ready = 'true')))
      .catch(() => undefined);
    return connectLive();
  }, []);
  const table = figures.value;
  const error = figuresError.value;
  const state = live.value;
  if (!table) return error ? <Failed message={error} retry={() => void loadFigures().catch(() => undefined)} /> : <Loading what="показатели" />;
  const offices = table.offices.map((r) => r.office);
  const many = offices.length > 1;
  const sections = [
    { id: 'figures-title', title: 'Таблица' },
    ...(many ? [{ id: 'tiles-title', title: 'Область' }, { id: 'ranking-title', title: 'Рейтинг' }] : []),
    { id: 'heatmap-title', title: 'Дни и часы' },
    { id: 'trend-title', title: 'Динамика' },
    { id: 'negative-title', title: 'Негатив' },
    { id: 'invitations-title', title: 'Приглашения' },
    ...(props.mayAlerts ? [{ id: 'alerts-title', title: 'Сигналы' }] : []),
    ...(props.mayComments ? [{ id: 'comments-title', title: 'Отзывы' }] : []),
    { id: 'archive-title', title: 'Архив' },
  ];
  return (
    <div class="dashboard">
      <div class="dash-head">
        <p class="scope">{table.regionWide ? 'ЦЗН Костромской области: все отделы и отделения' : offices.map((o) => o.name).join(', ')}</p>
        <p class="live" id="live-status" role="status" data-state={state.state} data-updates={state.updates}>
          {state.text}
        </p>
      </div>
      <PeriodPicker period={table.period} now={Date.parse(table.generatedAt)} onChange={choosePeriod} />
      <p class="notice notice-error" id="period-error" role="alert" hidden={!error}>
        {error}
      </p>
      <nav class="on-page no-print" aria-label="Разделы страницы">
        {sections.map((s) => (
          <a key={s.id} href={`#${s.id}`}>
            {s.title}
          </a>
        ))}
      </nav>

      <section aria-labelledby="figures-title">
        <h2 id="figures-title">
          Отделы и отделения: <span id="period-label">{table.period.label}</span>
        </h2>
        <p class="legend">
          n — число ответов, из которых посчитан показатель. <span class="small-sample-mark">Пунктир и знак «≈»</span> — малая выборка: менее 30 ответов, показатель неустойчив.
          Нажмите на отдел, чтобы разложить его по окнам, каналам и услугам.
        </p>
        <FiguresTable table={table} />
      </section>
      <DrillView />

      {many && (
        <section aria-labelledby="tiles-title">
          <h2 id="tiles-title">Область на карте</h2>
          <RegionTiles table={table} />
        </section>
      )}
      {many && (
        <section aria-labelledby="ranking-title">
          <h2 id="ranking-title">Рейтинг отделов с разбросом и целью</h2>
          <RankingView table={table} />
        </section>
      )}
      <section aria-labelledby="heatmap-title">
        <h2 id="heatmap-title">Когда оценки ниже: дни недели и часы</h2>
        <HeatmapView offices={many ? offices : []} />
      </section>
      <section aria-labelledby="trend-title">
        <h2 id="trend-title">Динамика</h2>
        <TrendView offices={offices} />
      </section>
      <section aria-labelledby="negative-title">
        <h2 id="negative-title">Мониторинг негативной обратной связи</h2>
        <NegativeView />
      </section>
      <section aria-labelledby="invitations-title">
        <h2 id="invitations-title">Приглашения к опросу: сколько ответили</h2>
        <InvitationsView />
      </section>
      {props.mayAlerts && (
        <section aria-labelledby="alerts-title">
          <h2 id="alerts-title">Сигналы о низких оценках</h2>
          <AlertsView mayTakeIntoWork={props.mayTakeIntoWork} />
        </section>
      )}
      {props.mayComments && (
        <section aria-labelledby="comments-title">
          <h2 id="comments-title">Отзывы клиентов</h2>
          <CommentsView offices={offices} mayTakeIntoWork={props.mayTakeIntoWork} />
        </section>
      )}
      <section aria-labelledby="archive-title">
        <h2 id="archive-title">Архив отчётов</h2>
        <p>Таблица пультов за прошедшую неделю формируется по понедельникам в 06:00, отчёт CSAT / NPS / CES за месяц — 1-го числа в 06:00 (московское время).</p>
        <ArchiveView />
      </section>
    </div>
  );
}
