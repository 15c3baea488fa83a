import { CHANNEL_LABEL, channelSchema } from '../../shared/channels.ts';
import type { Period } from '../../shared/periods.ts';
import type { Queryable } from '../sql/queryable.ts';
import type { OfficeRow } from '../db/offices.ts';
import { emptyCounts, figuresFromCounts, sumCounts, type MetricCounts, type MetricFigures } from './counts.ts';
import { panelStatusOf, surveyStatusOf, type PanelStatus, type SurveyStatus } from './figures.ts';
import type { Dimension } from './histograms.ts';
import type { RecordSource } from '../records/record-source.ts';
import type { ServiceName } from '../db/services.ts';
import { reportOffices, type ReportOffice } from './report-offices.ts';
import type { ReportScope } from './scope.ts';

/**
 * One office taken apart: by desk (or operator), by service, by channel. The same histograms and
 * the same shared formulas as the offices table, so the parts add up to the office's row.
 */
export interface DrillRow {
  key: string;
  label: string;
  figures: MetricFigures;
}

export interface OfficeDrill {
  period: Period;
  office: ReportOffice;
  panelStatus: PanelStatus;
  surveyStatus: SurveyStatus;
  figures: MetricFigures;
  byDesk: DrillRow[];
  byService: DrillRow[];
  byChannel: DrillRow[];
}

export type DrillResult = { ok: true; value: OfficeDrill } | { ok: false; reason: 'unknown-office' };

const collator = new Intl.Collator('ru', { numeric: true });

function rows(counts: Map<string, MetricCounts> | undefined, unnamed: string, names: ReadonlyMap<string, string> = new Map()): DrillRow[] {
  return [...(counts ?? new Map<string, MetricCounts>()).entries()]
    .map(([key, c]) => ({ key, label: key === '' ? unnamed : (names.get(key) ?? key), figures: figuresFromCounts(c) }))
    .sort((a, b) => (a.key === '' ? 1 : b.key === '' ? -1 : collator.compare(a.label, b.label)));
}

export async function officeDrill(sql: Queryable, services: readonly ServiceName[], records: RecordSource, directory: readonly OfficeRow[], period: Period, officeId: string, scope: ReportScope): Promise<DrillResult> {
  const office = (await reportOffices(sql, records, directory, scope, period)).find((o) => o.id === officeId);
  if (!office) return { ok: false, reason: 'unknown-office' };
  const count = async (dimension: Dimension) => (await records.countHistograms({ officeIds: [officeId], start: period.start, end: period.end, dimension })).get(officeId);

  const [byChannelCounts, byDesk, byService] = await Promise.all([count('channel'), count('desk'), count('service')]);
  // Every channel is listed, the empty ones too: "no answers by e-mail" is itself a finding.
  const byChannel = channelSchema.options.map((channel) => ({
    key: channel,
    label: CHANNEL_LABEL[channel],
    figures: figuresFromCounts(byChannelCounts?.get(channel) ?? emptyCounts()),
  }));
  const whole = sumCounts(byChannelCounts?.values() ?? []);
  return {
    ok: true,
    value: {
      period,
      office,
      panelStatus: panelStatusOf(whole, office.hasPanel),
      surveyStatus: surveyStatusOf(whole),
      figures: figuresFromCounts(whole),
      byDesk: rows(byDesk, 'окно не указано'),
      // A service taken off the kiosk's list keeps its name here: responses still name it.
      byService: rows(byService, 'услуга не указана', new Map(services.map((s) => [s.id, s.name]))),
      byChannel,
    },
  };
}
