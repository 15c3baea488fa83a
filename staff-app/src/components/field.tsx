import type { ComponentChildren } from 'preact';

/**
 * A form field: its label, the control, a hint and the error right beside it, in Russian. The
 * control gets its id, aria-invalid and aria-describedby from here (pass them through `control`).
 */
export interface FieldControlProps {
  id: string;
  'aria-invalid': boolean;
  'aria-describedby': string | undefined;
}

export function Field({ id, label, hint, error, children }: { id: string; label: string; hint?: string; error?: string | null; children: (control: FieldControlProps) => ComponentChildren }) {
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${error ? ' field-invalid' : ''}`}>
      <label for={id}>{label}</label>
      {children({ id, 'aria-invalid': Boolean(error), 'aria-describedby': described })}
      {hint && (
        <small id={`${id}-hint`} class="hint">
          {hint}
        </small>
      )}
      {error && (
        <small id={`${id}-error`} class="field-error">
          {error}
        </small>
      )}
    </div>
  );
}

/** The value of an input event's target. */
export const inputValue = (event: Event): string => (event.currentTarget as HTMLInputElement).value;
