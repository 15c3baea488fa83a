import { useEffect, useState } from 'preact/hooks';
import { Field, inputValue } from './field.tsx';
import { dateProblem, isoToRu, parseDateInput, type DateRules } from './ru-date.ts';

/**
 * A date field in Russian in every browser: the date is typed as ДД.ММ.ГГГГ in a text field (ГГГГ-ММ-ДД
 * is taken too), never the native date input, which an English Chromium shows as mm/dd/yyyy. `value`
 * and `onChange` carry ГГГГ-ММ-ДД once the text is a real date and the text as typed until then, so a
 * form's own check (`dateProblem`, ru-date.ts) and the hub's refusal both land beside the field. The
 * field says a wrong date itself once the user leaves it; an `error` from the form comes first.
 */
export interface DateFieldProps extends DateRules {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | null | undefined;
  hint?: string | undefined;
}

export function DateField({ id, label, value, onChange, error, hint, ...rules }: DateFieldProps) {
  const [text, setText] = useState(() => isoToRu(value));
  const [left, setLeft] = useState(false);
  // The form set another value (a reset, a default): show it, unless the text already says it.
  useEffect(() => {
    if (value !== (parseDateInput(text) ?? text.trim())) setText(isoToRu(value));
  }, [value]);
  const own = left ? dateProblem(value, rules) : null;
  return (
    <Field id={id} label={`${label} (ДД.ММ.ГГГГ)`} {...(hint ? { hint } : {})} error={error ?? own}>
      {(c) => (
        <input
          {...c}
          type="text"
          inputMode="numeric"
          autoComplete="off"
          size={10}
          maxLength={10}
          value={text}
          onInput={(e) => {
            const typed = inputValue(e);
            setText(typed);
            onChange(parseDateInput(typed) ?? typed.trim());
          }}
          onBlur={() => {
            setLeft(true);
            const iso = parseDateInput(text);
            if (iso) setText(isoToRu(iso));
          }}
        />
      )}
    </Field>
  );
}
