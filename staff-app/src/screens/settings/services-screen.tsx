import { useState } from 'preact/hooks';
import type { ServicesResponse } from '../../../../shared/api/settings.ts';
import type { ScreenProps } from '../../screen-props.ts';
import { sendJson } from '../../api/client.ts';
import { Notice } from '../../components/states.tsx';
import { EditedAtCentral } from '../../components/edited-at-central.tsx';
import { plural } from '../../format.ts';
import './settings.css';

/**
 * The CX sector's list of services: the survey's last, optional question on the kiosk and on
 * phones. Edited in the page and saved whole with one PUT /api/services. A service switched off
 * stays in the reports under its name.
 */
interface Row {
  id: string;
  name: string;
  active: boolean;
}

/** A new service's id: stable once saved, never shown to clients. */
const newId = () => `s-${Date.now().toString(36)}-${Math.floor(Math.random() * 1296).toString(36)}`;
const nameProblem = (name: string) => (name.trim().length < 2 ? 'Введите название услуги, не короче 2 букв' : null);

export function Screen({ props, frame }: ScreenProps<'services'>) {
  if (frame.hub.regionalFrom !== null) {
    return (
      <div id="services">
        <EditedAtCentral centralUrl={frame.hub.regionalFrom} path="/services" what="Список услуг" />
        <ol class="read-only-list">
          {props.services.map((s) => (
            <li key={s.id}>
              {s.name}
              {!s.active && <span class="muted"> (выключена, в анкете не показывается)</span>}
            </li>
          ))}
        </ol>
      </div>
    );
  }
  return <Editor props={props} />;
}

function Editor({ props }: { props: ScreenProps<'services'>['props'] }) {
  const [rows, setRows] = useState<Row[]>(() => props.services.map(({ id, name, active }) => ({ id, name, active })));
  const [checked, setChecked] = useState(false);
  const [notice, setNotice] = useState<{ text: string; error: boolean } | null>(null);
  const [busy, setBusy] = useState(false);

  const update = (i: number, patch: Partial<Row>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const move = (i: number, by: -1 | 1) => {
    const next = [...rows];
    [next[i], next[i + by]] = [next[i + by]!, next[i]!];
    setRows(next);
  };
  const add = () => {
    setRows([...rows, { id: newId(), name: '', active: true }]);
    requestAnimationFrame(() => document.getElementById(`service-${rows.length}`)?.focus());
  };

  const save = async () => {
    setChecked(true);
    if (rows.some((r) => nameProblem(r.name))) return setNotice({ text: 'Не сохранено: у каждой услуги должно быть название (ошибки отмечены в таблице).', error: true });
    setBusy(true);
    try {
      const answer = await sendJson<ServicesResponse>('PUT', '/api/services', { services: rows.map((r) => ({ id: r.id, name: r.name.trim(), active: r.active })) });
      setRows(answer.services.map(({ id, name, active }) => ({ id, name, active })));
      setChecked(false);
      const n = answer.services.filter((s) => s.active).length;
      setNotice({ text: `Сохранено: ${n} ${plural(n, 'услуга', 'услуги', 'услуг')} в анкете. Киоски получат список при следующем обращении к хабу.`, error: false });
    } catch (error) {
      setNotice({ text: `Не сохранено: ${(error as Error).message}`, error: true });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div id="services">
      <p>Клиент выбирает услугу последним, необязательным вопросом анкеты. Услугу, которая больше не оказывается, выключите: ответы о ней сохранятся в отчётах.</p>
      <Notice text={notice?.text ?? null} error={notice?.error ?? false} />
      <div class="table-wrap">
        <table class="grid services">
          <caption class="visually-hidden">Услуги в анкете</caption>
          <thead>
            <tr>
              <th scope="col">№</th>
              <th scope="col">Услуга (как её увидит клиент)</th>
              <th scope="col">В анкете</th>
              <th scope="col">Порядок</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((s, i) => {
              const error = checked ? nameProblem(s.name) : null;
              return (
                <tr key={s.id}>
                  <td class="num">{i + 1}</td>
                  <td class={`service-name${error ? ' field-invalid' : ''}`}>
                    <input
                      id={`service-${i}`}
                      value={s.name}
                      aria-label={`Название услуги ${i + 1}`}
                      maxLength={120}
                      aria-invalid={Boolean(error)}
                      aria-describedby={error ? `service-${i}-error` : undefined}
                      onInput={(e) => update(i, { name: (e.currentTarget as HTMLInputElement).value })}
                    />
                    {error && (
                      <small id={`service-${i}-error`} class="field-error">
                        {error}
                      </small>
                    )}
                  </td>
                  <td class="service-active">
                    <input type="checkbox" checked={s.active} aria-label={`Показывать услугу ${i + 1} в анкете`} onChange={(e) => update(i, { active: (e.currentTarget as HTMLInputElement).checked })} />
                    <span class="phone-only" aria-hidden="true">
                      {' '}
                      в анкете
                    </span>
                  </td>
                  <td class="order">
                    <button type="button" class="secondary" aria-label={`Поднять услугу ${i + 1}`} disabled={i === 0} onClick={() => move(i, -1)}>
                      ↑
                    </button>{' '}
                    <button type="button" class="secondary" aria-label={`Опустить услугу ${i + 1}`} disabled={i === rows.length - 1} onClick={() => move(i, 1)}>
                      ↓
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div class="buttons">
        <button type="button" class="secondary" onClick={add}>
          Добавить услугу
        </button>
        <button type="button" onClick={() => void save()} disabled={busy}>
          Сохранить список
        </button>
      </div>
    </div>
  );
}
