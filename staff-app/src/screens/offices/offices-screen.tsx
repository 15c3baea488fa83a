import { useState } from 'preact/hooks';
import type { DirectoryOffice, OfficeSavedResponse } from '../../../../shared/api/offices.ts';
import { OFFICE_KIND_LABEL } from '../../../../shared/office-words.ts';
import type { ScreenProps } from '../../screen-props.ts';
import { sendJson } from '../../api/client.ts';
import { DataTable, type Column } from '../../components/data-table.tsx';
import { EditedAtCentral } from '../../components/edited-at-central.tsx';
import { Notice } from '../../components/states.tsx';
import { moscowDateTime } from '../../format.ts';
import { ConfirmButton } from '../admin/confirm-button.tsx';
import { OfficeForm } from './office-form.tsx';
import './offices.css';

/**
 * «Справочник отделов»: every office with its name, kind and address as kiosks and posters show
 * them, closed ones too. On the central the admin adds, renames, re-addresses, closes and reopens
 * them; each save is a new revision of the regional settings that office hubs take on their next
 * pull. An office hub with a central shows the list read-only, with where it is edited.
 */
const state = (o: DirectoryOffice) => (o.closedAt === null ? 'открыт' : `закрыт ${moscowDateTime(o.closedAt)}`);
const keyCommand = (id: string) => `npm run hub -- offices add ${id}`;

const BASE_COLUMNS: Column<DirectoryOffice>[] = [
  {
    id: 'name',
    label: 'Отдел',
    sort: (o) => o.name,
    cell: (o) => (
      <th scope="row">
        {o.name} <span class="muted">({o.id})</span>
      </th>
    ),
  },
  { id: 'kind', label: 'Вид', sort: (o) => o.kind, cell: (o) => <td>{OFFICE_KIND_LABEL[o.kind]}</td> },
  { id: 'address', label: 'Адрес', cell: (o) => <td>{o.address}</td> },
  { id: 'state', label: 'Состояние', sort: (o) => o.closedAt ?? '', cell: (o) => <td>{state(o)}</td> },
];

export function Screen({ props, frame }: ScreenProps<'offices'>) {
  if (frame.hub.regionalFrom !== null) {
    return (
      <div id="offices">
        <EditedAtCentral centralUrl={frame.hub.regionalFrom} path="/offices" what="Справочник отделов" />
        <DataTable caption="Отделы" captionHidden columns={BASE_COLUMNS} rows={props.offices} rowKey={(o) => o.id} rowProps={(o) => ({ 'data-office': o.id })} />
      </div>
    );
  }
  return <Editor initial={props.offices} central={frame.hub.role === 'central'} />;
}

function Editor({ initial, central }: { initial: DirectoryOffice[]; central: boolean }) {
  const [offices, setOffices] = useState(initial);
  const [editing, setEditing] = useState<string | 'new' | null>(null);
  const [notice, setNotice] = useState<{ text: string; error: boolean } | null>(null);

  const put = (office: DirectoryOffice) => setOffices((list) => (list.some((o) => o.id === office.id) ? list.map((o) => (o.id === office.id ? office : o)) : [...list, office]));
  const revisionText = (revision: number | null) => (revision === null ? '' : ` Ревизия настроек области ${revision}: хабы отделов получат её при следующем обращении к центральному сборщику.`);

  const saved = (isNew: boolean) => (answer: OfficeSavedResponse) => {
    put(answer.office);
    setEditing(null);
    const key = isNew && central ? ` Чтобы хаб отдела пересылал данные и получал настройки, выдайте ему ключ на центральном сборщике: ${keyCommand(answer.office.id)}` : '';
    setNotice({ text: `Сохранено: «${answer.office.name}».${revisionText(answer.revision)}${key}`, error: false });
  };
  const closeOrReopen = async (office: DirectoryOffice, action: 'close' | 'reopen') => {
    try {
      const answer = await sendJson<OfficeSavedResponse>('POST', `/api/offices/${encodeURIComponent(office.id)}/${action}`);
      put(answer.office);
      const what = action === 'close' ? 'закрыт: киоски и плакаты его больше не предлагают, оценки и отчёты за прошлое сохранены' : 'снова открыт';
      setNotice({ text: `«${answer.office.name}» ${what}.${revisionText(answer.revision)}`, error: false });
    } catch (error) {
      setNotice({ text: `Не сохранено: ${(error as Error).message}`, error: true });
    }
  };

  const columns: Column<DirectoryOffice>[] = [
    ...BASE_COLUMNS,
    ...(central ? [{ id: 'key', label: 'Ключ хаба', sort: (o: DirectoryOffice) => (o.keyIssued ? 1 : 0), cell: (o: DirectoryOffice) => <td>{o.keyIssued ? 'выдан' : 'не выдан'}</td> }] : []),
    {
      id: 'actions',
      label: 'Действия',
      cell: (o) => (
        <td class="actions">
          <button type="button" class="secondary" aria-label={`Изменить: ${o.name}`} onClick={() => setEditing(o.id)}>
            Изменить
          </button>{' '}
          {o.closedAt === null ? (
            <ConfirmButton
              label="Закрыть"
              question={`Закрыть «${o.name}»? Отдел не удаляется: его оценки остаются в отчётах, а открыть его можно снова.`}
              confirmLabel="Да, закрыть"
              onConfirm={() => void closeOrReopen(o, 'close')}
            />
          ) : (
            <button type="button" class="secondary" onClick={() => void closeOrReopen(o, 'reopen')}>
              Открыть снова
            </button>
          )}
        </td>
      ),
    },
  ];
  const editedOffice = editing !== null && editing !== 'new' ? (offices.find((o) => o.id === editing) ?? null) : null;

  return (
    <div id="offices">
      <p>
        Названия и адреса отделов видят клиенты на киосках и QR-плакатах. Отдел не удаляется: закрытый остаётся в отчётах за то время, когда работал.
        {central && ' Каждое изменение получают хабы отделов при следующем обращении к центральному сборщику.'}
      </p>
      <Notice text={notice?.text ?? null} error={notice?.error ?? false} />
      {editing === 'new' && <OfficeForm key="new" office={null} onSaved={saved(true)} onCancel={() => setEditing(null)} />}
      {editedOffice && <OfficeForm key={editedOffice.id} office={editedOffice} onSaved={saved(false)} onCancel={() => setEditing(null)} />}
      {editing === null && (
        <div class="buttons">
          <button type="button" onClick={() => setEditing('new')}>
            Новый отдел
          </button>
        </div>
      )}
      <DataTable caption="Отделы" captionHidden columns={columns} rows={offices} rowKey={(o) => o.id} rowProps={(o) => ({ 'data-office': o.id })} />
      {central && (
        <p class="muted">
          Новому отделу нужен ключ хаба: его выдают в командной строке центрального сборщика (<code>{keyCommand('<идентификатор>')}</code>), секрет показывается один раз; подробнее —
          docs/regional-config.md и docs/forwarding.md.
        </p>
      )}
    </div>
  );
}
