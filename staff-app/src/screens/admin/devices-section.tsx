import { useState } from 'preact/hooks';
import type { AdminDevicesResponse, PairingCodeResponse } from '../../../../shared/api/admin.ts';
import { getJson, sendJson } from '../../api/client.ts';
import { DataTable, type Column } from '../../components/data-table.tsx';
import { Field, inputValue } from '../../components/field.tsx';
import { Failed, Loading, Notice } from '../../components/states.tsx';
import { useLoad } from '../../components/use-load.ts';
import { moscowDateTime } from '../../format.ts';
import { ConfirmButton } from './confirm-button.tsx';

/** Devices of the hub: their keys, a pairing code for a new one, revocation. For the admin and АХО. */
type Device = AdminDevicesResponse['devices'][number];
const DEVICE_ID_RE = /^[A-Za-z0-9._:-]{1,64}$/;
const KIND = { kiosk: 'Киоск', 'panel-driver': 'Компьютер пультов' } as const;

export function DevicesSection({ version, changed, offices, defaultOffice, officeName }: { version: number; changed: () => void; offices: { id: string; name: string }[]; defaultOffice: string; officeName: (id: string) => string }) {
  const devices = useLoad(() => getJson<AdminDevicesResponse>('/api/admin/devices'), [version]);
  const [draft, setDraft] = useState({ deviceId: '', name: '', kind: 'kiosk' as Device['kind'], officeId: defaultOffice });
  const [errors, setErrors] = useState<{ deviceId?: string; name?: string }>({});
  const [notice, setNotice] = useState<{ text: string; error: boolean } | null>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    const found: typeof errors = {};
    if (!draft.deviceId.trim()) found.deviceId = 'Введите идентификатор устройства';
    else if (!DEVICE_ID_RE.test(draft.deviceId.trim())) found.deviceId = 'Только латинские буквы, цифры и знаки . _ : - (до 64 знаков), например sharya-kiosk-2';
    if (!draft.name.trim()) found.name = 'Введите название, например: Киоск в зале';
    setErrors(found);
    if (found.deviceId || found.name) return;
    try {
      const r = await sendJson<PairingCodeResponse>('POST', '/api/admin/devices/pairing-codes', { deviceId: draft.deviceId.trim(), name: draft.name.trim(), kind: draft.kind, officeId: draft.officeId });
      changed();
      setNotice({ text: `Код привязки: ${r.code}. Введите его на устройстве в течение 10 минут.`, error: false });
    } catch (error) {
      setNotice({ text: `Код не выдан: ${(error as Error).message}`, error: true });
    }
  };

  const columns: Column<Device>[] = [
    { id: 'name', label: 'Устройство', sort: (d) => d.name, cell: (d) => <td>{d.name} <span class="muted">({d.id})</span></td> },
    { id: 'kind', label: 'Тип', sort: (d) => KIND[d.kind], cell: (d) => <td>{KIND[d.kind]}</td> },
    { id: 'office', label: 'Отдел', sort: (d) => officeName(d.officeId), cell: (d) => <td>{officeName(d.officeId)}</td> },
    { id: 'state', label: 'Ключ', sort: (d) => (d.revokedAt ? 1 : 0), cell: (d) => <td>{d.revokedAt ? `отозван ${moscowDateTime(d.revokedAt)}` : `действует с ${moscowDateTime(d.createdAt)}`}</td> },
    {
      id: 'actions',
      label: 'Действия',
      cell: (d) => (
        <td>
          {!d.revokedAt && (
            <ConfirmButton
              label="Отозвать ключ"
              question={`Отозвать ключ «${d.name}»? Записи устройства останутся на нём до новой привязки.`}
              confirmLabel="Да, отозвать"
              onConfirm={() =>
                void sendJson('POST', `/api/admin/devices/${encodeURIComponent(d.id)}/revoke`).then(
                  () => {
                    changed();
                    setNotice({ text: `Ключ «${d.name}» отозван.`, error: false });
                  },
                  (error: Error) => setNotice({ text: error.message, error: true }),
                )
              }
            />
          )}
        </td>
      ),
    },
  ];

  return (
    <section class="card" aria-labelledby="dev-h">
      <h2 id="dev-h">Устройства</h2>
      <Notice text={notice?.text ?? null} error={notice?.error ?? false} />
      {devices.data ? (
        <DataTable caption="Устройства хаба" captionHidden columns={columns} rows={devices.data.devices} rowKey={(d) => d.id} />
      ) : devices.error ? (
        <Failed message={devices.error} retry={devices.reload} />
      ) : (
        <Loading what="устройства" />
      )}
      <form class="stack" noValidate onSubmit={(e) => void submit(e)}>
        <h3>Привязать устройство</h3>
        <Field id="pd-id" label="Идентификатор (латиница), например sharya-kiosk-1" error={errors.deviceId ?? null}>
          {(c) => <input {...c} autoComplete="off" spellcheck={false} value={draft.deviceId} onInput={(e) => setDraft({ ...draft, deviceId: inputValue(e) })} />}
        </Field>
        <Field id="pd-name" label="Название" error={errors.name ?? null}>
          {(c) => <input {...c} value={draft.name} onInput={(e) => setDraft({ ...draft, name: inputValue(e) })} />}
        </Field>
        <Field id="pd-kind" label="Тип">
          {(c) => (
            <select {...c} value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: inputValue(e) as Device['kind'] })}>
              <option value="kiosk">Киоск</option>
              <option value="panel-driver">Компьютер пультов</option>
            </select>
          )}
        </Field>
        <Field id="pd-office" label="Отдел">
          {(c) => (
            <select {...c} value={draft.officeId} onChange={(e) => setDraft({ ...draft, officeId: inputValue(e) })}>
              {offices.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div class="buttons">
          <button type="submit">Получить код привязки</button>
        </div>
      </form>
    </section>
  );
}
