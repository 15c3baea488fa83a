import { useState } from 'preact/hooks';
import type { AlertRulesResponse } from '../../../../shared/api/settings.ts';
import type { LowScoreRule } from '../../../../shared/alert-rules.ts';
import type { ScreenProps } from '../../screen-props.ts';
import { sendJson } from '../../api/client.ts';
import { Notice } from '../../components/states.tsx';
import { EditedAtCentral } from '../../components/edited-at-central.tsx';
import { plural } from '../../format.ts';
import './settings.css';

/**
 * The CX sector's low-score alert rules, each one sentence with its numbers in it. «Окно» is a
 * service desk in a ЦЗН, so the time span is said as «за последние N минут». The share is shown in
 * per cent and sent as a fraction; a number out of its range is marked beside it before saving.
 */
type Key = 'windowMinutes' | 'minPresses' | 'percent';
const LIMITS: Record<Key, { min: number; max: number; words: string }> = {
  windowMinutes: { min: 1, max: 1440, words: 'минут: от 1 до 1440 (сутки)' },
  minPresses: { min: 1, max: 10000, words: 'нажатий: от 1 до 10 000' },
  percent: { min: 1, max: 100, words: 'процент: от 1 до 100' },
};

interface Draft {
  windowMinutes: string;
  minPresses: string;
  percent: string;
  maxScore: number;
}

const draftOf = (r: LowScoreRule): Draft => ({ windowMinutes: String(r.windowMinutes), minPresses: String(r.minPresses), percent: String(Math.round(r.share * 100)), maxScore: r.maxScore });
const problem = (key: Key, text: string): string | null => {
  const value = Number(text);
  const { min, max, words } = LIMITS[key];
  return text.trim() === '' || !Number.isInteger(value) || value < min || value > max ? `Целое число ${words}` : null;
};

export function Screen({ props, frame }: ScreenProps<'alert-rules'>) {
  if (frame.hub.regionalFrom !== null) {
    return (
      <div id="alert-rules">
        <EditedAtCentral centralUrl={frame.hub.regionalFrom} path="/alert-rules" what="Правила сигналов о низких оценках" plural />
        {props.rules.length === 0 ? (
          <p>Правил нет: сигналы о низких оценках не подаются.</p>
        ) : (
          <ul class="read-only-list">
            {props.rules.map((r, i) => (
              <li key={i}>
                Сигнал, если за последние {r.windowMinutes} мин было не меньше {r.minPresses} нажатий, и из них не меньше {Math.round(r.share * 100)}% — с оценкой {r.maxScore} или ниже.
              </li>
            ))}
          </ul>
        )}
      </div>
    );
  }
  return <Editor props={props} />;
}

function Editor({ props }: { props: ScreenProps<'alert-rules'>['props'] }) {
  const [rules, setRules] = useState<Draft[]>(() => props.rules.map(draftOf));
  const [notice, setNotice] = useState<{ text: string; error: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const update = (i: number, patch: Partial<Draft>) => setRules(rules.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  const save = async () => {
    if (rules.some((r) => (['windowMinutes', 'minPresses', 'percent'] as Key[]).some((k) => problem(k, r[k])))) {
      return setNotice({ text: 'Не сохранено: исправьте отмеченные числа.', error: true });
    }
    setBusy(true);
    try {
      const body = { rules: rules.map((r) => ({ windowMinutes: Number(r.windowMinutes), minPresses: Number(r.minPresses), share: Number(r.percent) / 100, maxScore: r.maxScore })) };
      const answer = await sendJson<AlertRulesResponse>('PUT', '/api/alert-rules', body);
      setRules(answer.rules.map(draftOf));
      const n = answer.rules.length;
      setNotice({ text: `Сохранено: ${n} ${plural(n, 'правило', 'правила', 'правил')}. Действуют со следующего нажатия.`, error: false });
    } catch (error) {
      setNotice({ text: `Не сохранено: ${(error as Error).message}`, error: true });
    } finally {
      setBusy(false);
    }
  };

  const numberInput = (i: number, key: Key, label: string) => {
    const error = problem(key, rules[i]![key]);
    const id = `rule-${i}-${key}`;
    return (
      <span class={`inline-field${error ? ' field-invalid' : ''}`}>
        <input
          id={id}
          type="text"
          inputMode="numeric"
          size={5}
          value={rules[i]![key]}
          aria-label={label}
          aria-invalid={Boolean(error)}
          aria-describedby={error ? `${id}-error` : undefined}
          onInput={(e) => update(i, { [key]: (e.currentTarget as HTMLInputElement).value })}
        />
        {error && (
          <small id={`${id}-error`} class="field-error">
            {error}
          </small>
        )}
      </span>
    );
  };

  return (
    <div id="alert-rules">
      <p>
        Правило проверяется при каждом нажатии на пульте отдела. Сигнал виден начальнику отдела и сектору на странице «Показатели» и, если настроена почта, приходит письмом. Один
        всплеск — один сигнал.
      </p>
      <Notice text={notice?.text ?? null} error={notice?.error ?? false} />
      {rules.length === 0 ? (
        <p class="state state-empty">Правил нет: сигналы не подаются.</p>
      ) : (
        <ol class="rules">
          {rules.map((r, i) => {
            const n = i + 1;
            return (
              <li key={i} class="rule">
                <span class="sentence">
                  Сигнал, если за последние {numberInput(i, 'windowMinutes', `Правило ${n}: за последние, минут`)} мин на пультах было не менее{' '}
                  {numberInput(i, 'minPresses', `Правило ${n}: нажатий не менее`)} нажатий и не менее {numberInput(i, 'percent', `Правило ${n}: доля низких оценок, %`)} % из них — с
                  оценкой не выше{' '}
                  <select aria-label={`Правило ${n}: оценка не выше`} value={String(r.maxScore)} onChange={(e) => update(i, { maxScore: Number((e.currentTarget as HTMLSelectElement).value) })}>
                    {[1, 2, 3, 4].map((s) => (
                      <option key={s} value={String(s)}>
                        {s}
                      </option>
                    ))}
                  </select>
                  .
                </span>{' '}
                <button type="button" class="secondary remove" aria-label={`Удалить правило ${n}`} onClick={() => setRules(rules.filter((_, j) => j !== i))}>
                  Удалить
                </button>
              </li>
            );
          })}
        </ol>
      )}
      <div class="buttons">
        {rules.length < props.maxRules && (
          <button type="button" class="secondary" onClick={() => setRules([...rules, draftOf(props.newRule)])}>
            Добавить правило
          </button>
        )}
        <button type="button" onClick={() => void save()} disabled={busy}>
          Сохранить правила
        </button>
      </div>
    </div>
  );
}
