import { useEffect, useState } from 'preact/hooks';
import { nextPeriod, periodContaining, previousPeriod, type Period, type PeriodKind } from '../../../shared/periods.ts';
import type { ApiPeriod } from '../../../shared/api/common.ts';
import { Field, inputValue } from './field.tsx';
import { isoToRu, parseRuDate } from './ru-date.ts';

/**
 * The period picker, in Russian in every browser: no native week or date input (an English
 * Chromium shows «Week --, ----» and mm/dd/yyyy there). Weeks, months and quarters are chosen
 * from lists made by shared/periods.ts, the one place periods are cut; a custom range is typed as
 * ДД.ММ.ГГГГ and checked beside the field. Emits the API's period key (2026-W48, 2026-11, 2026-Q4,
 * 2026-11-01_2026-11-15).
 */
const KIND_LABEL: Record<PeriodKind, string> = { week: 'неделя', month: 'месяц', quarter: 'квартал', custom: 'произвольный' };
const MONTHS = ['январь', 'февраль', 'март', 'апрель', 'май', 'июнь', 'июль', 'август', 'сентябрь', 'октябрь', 'ноябрь', 'декабрь'];
const QUARTERS = ['I', 'II', 'III', 'IV'];
const WEEKS_LISTED = 104;
const FIRST_YEAR = 2020;

export function weekOptions(now: number, selected: string | null): { key: string; label: string }[] {
  const weeks: Period[] = [periodContaining('week', now)];
  while (weeks.length < WEEKS_LISTED) weeks.push(previousPeriod(weeks[weeks.length - 1]!));
  const options = weeks.map((w) => ({ key: w.key, label: weekLabel(w) }));
  if (selected && !options.some((o) => o.key === selected)) options.push({ key: selected, label: `неделя ${selected.slice(-2)} года ${selected.slice(0, 4)}` });
  return options;
}

/** «23.11–29.11.2026, 48-я неделя». */
export function weekLabel(w: Pick<Period, 'key' | 'label'>): string {
  const [first, last] = w.label.replace('неделя ', '').split('–');
  return `${first?.slice(0, 5) ?? ''}–${last ?? ''}, ${Number(w.key.slice(-2))}-я неделя`;
}

const pad = (n: number) => String(n).padStart(2, '0');

interface Draft {
  kind: PeriodKind;
  week: string;
  year: number;
  month: number;
  quarter: number;
  from: string;
  to: string;
}

function draftOf(period: ApiPeriod): Draft {
  const year = Number(period.key.slice(0, 4));
  const draft: Draft = { kind: period.kind, week: '', year, month: 1, quarter: 1, from: '', to: '' };
  if (period.kind === 'week') draft.week = period.key;
  if (period.kind === 'month') draft.month = Number(period.key.slice(5, 7));
  if (period.kind === 'quarter') draft.quarter = Number(period.key.slice(-1));
  if (period.kind === 'custom') [draft.from, draft.to] = period.key.split('_').map(isoToRu) as [string, string];
  return draft;
}

export function PeriodPicker({ period, now, onChange, kinds = ['week', 'month', 'quarter', 'custom'], idPrefix = 'period' }: { period: ApiPeriod; now: number; onChange: (key: string) => void; kinds?: PeriodKind[]; idPrefix?: string }) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(period));
  const [errors, setErrors] = useState<{ from?: string; to?: string }>({});
  useEffect(() => setDraft(draftOf(period)), [period.key]);
  const set = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });
  const thisYear = Number(periodContaining('month', now).key.slice(0, 4));
  const years: number[] = [];
  for (let y = thisYear; y >= FIRST_YEAR; y--) years.push(y);
  const id = (name: string) => `${idPrefix}-${name}`;

  const submit = (event: Event) => {
    event.preventDefault();
    const key = keyOf(draft, now);
    if (key.ok) {
      setErrors({});
      onChange(key.value);
    } else setErrors(key.errors);
  };
  const step = (direction: -1 | 1) => {
    const current = period as Period;
    const next = direction < 0 ? previousPeriod(current) : nextPeriod(current);
    onChange(next.key);
  };

  return (
    <form class="period-picker" onSubmit={submit} aria-label="Период">
      <fieldset>
        <legend>Период (московское время)</legend>
        {kinds.length > 1 && (
          <Field id={id('kind')} label="Вид">
            {(control) => (
              <select {...control} value={draft.kind} onChange={(e) => set({ kind: inputValue(e) as PeriodKind })}>
                {kinds.map((k) => (
                  <option key={k} value={k}>
                    {KIND_LABEL[k]}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        {draft.kind === 'week' && (
          <Field id={id('week')} label="Неделя">
            {(control) => (
              <select {...control} value={draft.week} onChange={(e) => set({ week: inputValue(e) })}>
                {weekOptions(now, draft.week || null).map((w) => (
                  <option key={w.key} value={w.key}>
                    {w.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        {(draft.kind === 'month' || draft.kind === 'quarter') && (
          <Field id={id('year')} label="Год">
            {(control) => (
              <select {...control} value={String(draft.year)} onChange={(e) => set({ year: Number(inputValue(e)) })}>
                {years.map((y) => (
                  <option key={y} value={String(y)}>
                    {y}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        {draft.kind === 'month' && (
          <Field id={id('month')} label="Месяц">
            {(control) => (
              <select {...control} value={String(draft.month)} onChange={(e) => set({ month: Number(inputValue(e)) })}>
                {MONTHS.map((m, i) => (
                  <option key={m} value={String(i + 1)}>
                    {m}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        {draft.kind === 'quarter' && (
          <Field id={id('quarter')} label="Квартал">
            {(control) => (
              <select {...control} value={String(draft.quarter)} onChange={(e) => set({ quarter: Number(inputValue(e)) })}>
                {QUARTERS.map((q, i) => (
                  <option key={q} value={String(i + 1)}>
                    {q}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        {draft.kind === 'custom' && (
          <>
            <Field id={id('from')} label="с (ДД.ММ.ГГГГ)" error={errors.from ?? null}>
              {(control) => <input {...control} inputMode="numeric" size={10} maxLength={10} placeholder="01.11.2026" value={draft.from} onInput={(e) => set({ from: inputValue(e) })} />}
            </Field>
            <Field id={id('to')} label="по (ДД.ММ.ГГГГ)" error={errors.to ?? null}>
              {(control) => <input {...control} inputMode="numeric" size={10} maxLength={10} placeholder="30.11.2026" value={draft.to} onInput={(e) => set({ to: inputValue(e) })} />}
            </Field>
          </>
        )}
        <div class="period-buttons">
          <button type="submit">Показать</button>
          <button type="button" class="secondary" onClick={() => step(-1)} aria-label="Предыдущий период">
            ‹ раньше
          </button>
          <button type="button" class="secondary" onClick={() => step(1)} aria-label="Следующий период">
            позже ›
          </button>
        </div>
      </fieldset>
    </form>
  );
}

type KeyResult = { ok: true; value: string } | { ok: false; errors: { from?: string; to?: string } };

function keyOf(draft: Draft, now: number): KeyResult {
  switch (draft.kind) {
    case 'week':
      return { ok: true, value: draft.week || periodContaining('week', now).key };
    case 'month':
      return { ok: true, value: `${draft.year}-${pad(draft.month)}` };
    case 'quarter':
      return { ok: true, value: `${draft.year}-Q${draft.quarter}` };
    case 'custom': {
      const from = parseRuDate(draft.from);
      const to = parseRuDate(draft.to);
      const errors: { from?: string; to?: string } = {};
      if (!from) errors.from = 'Введите дату как ДД.ММ.ГГГГ, например 01.11.2026';
      if (!to) errors.to = 'Введите дату как ДД.ММ.ГГГГ, например 30.11.2026';
      if (from && to && from > to) errors.to = 'Конец периода раньше начала';
      return from && to && !errors.to ? { ok: true, value: `${from}_${to}` } : { ok: false, errors };
    }
  }
}
