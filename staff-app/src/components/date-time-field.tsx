import { useEffect, useState } from 'preact/hooks';
import { DateField } from './date-field.tsx';
import { Field, inputValue } from './field.tsx';
import { isIsoDate, parseTimeInput } from './ru-date.ts';

/**
 * A moment typed in Russian: the date as ДД.ММ.ГГГГ (DateField) and the time as ЧЧ:ММ beside it, in
 * place of the native datetime-local input (mm/dd/yyyy, --:-- AM in an English browser). `value` is
 * ГГГГ-ММ-ДДTЧЧ:ММ, what datetime-local gave, once both parts are right; until then it is not a moment,
 * and the form's check says so beside the date (its `error`).
 */
const MOMENT = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/;

export function DateTimeField({ id, dateLabel, timeLabel, value, onChange, error, max, today }: { id: string; dateLabel: string; timeLabel: string; value: string; onChange: (value: string) => void; error?: string | null; max?: string; today?: string }) {
  const [date, setDate] = useState(() => MOMENT.exec(value)?.[1] ?? '');
  const [time, setTime] = useState(() => MOMENT.exec(value)?.[2] ?? '');
  const [left, setLeft] = useState(false);
  const combined = (d: string, t: string): string => {
    const hm = parseTimeInput(t);
    return isIsoDate(d) && hm ? `${d}T${hm}` : d || t ? `${d} ${t}`.trim() : '';
  };
  useEffect(() => {
    const moment = MOMENT.exec(value);
    if (value === combined(date, time)) return;
    setDate(moment?.[1] ?? '');
    setTime(moment?.[2] ?? '');
  }, [value]);
  const timeProblem = left && time.trim() !== '' && !parseTimeInput(time) ? 'Введите время как ЧЧ:ММ, например 09:30' : null;
  return (
    <div class="date-time">
      <DateField
        id={id}
        label={dateLabel}
        value={date}
        error={error ?? null}
        max={max}
        today={today}
        onChange={(d) => {
          setDate(d);
          onChange(combined(d, time));
        }}
      />
      <Field id={`${id}-time`} label={`${timeLabel} (ЧЧ:ММ)`} error={timeProblem}>
        {(c) => (
          <input
            {...c}
            type="text"
            inputMode="numeric"
            autoComplete="off"
            size={5}
            maxLength={5}
            value={time}
            onInput={(e) => {
              const typed = inputValue(e);
              setTime(typed);
              onChange(combined(date, typed));
            }}
            onBlur={() => {
              setLeft(true);
              const hm = parseTimeInput(time);
              if (hm) setTime(hm);
            }}
          />
        )}
      </Field>
    </div>
  );
}
