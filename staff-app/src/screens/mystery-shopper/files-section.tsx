import { useState } from 'preact/hooks';
import type { Attachment, AttachmentSavedResponse } from '../../../../shared/api/mystery-shopper.ts';
import { newRecordId } from '../../../../shared/ids.ts';
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPE_LABEL, VISIT_ATTACHMENTS_MAX_BYTES } from '../../../../shared/mystery-shopper-words.ts';
import { ApiFailure, sendFile, sendJson } from '../../api/client.ts';
import { Notice } from '../../components/states.tsx';
import { moscowDateTime } from '../../format.ts';
import { ConfirmButton } from '../admin/confirm-button.tsx';
import { sizeText } from './ms-format.ts';

/**
 * A visit's photos and documents: the list with downloads, and while the report is not approved an
 * upload (one file at a time, JPEG, PNG or PDF up to 5 МБ, all together up to 20 МБ; the hub checks
 * what the file really is) and deletion.
 */
export function FilesSection({ visitId, files, mayEdit, changed }: { visitId: string; files: Attachment[]; mayEdit: boolean; changed: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const total = files.reduce((sum, f) => sum + f.size, 0);

  async function upload(input: HTMLInputElement) {
    const file = input.files?.[0];
    if (!file) return;
    setError(null);
    if (file.size > ATTACHMENT_MAX_BYTES) return setError(`Файл «${file.name}» больше 5 МБ: уменьшите фото или разбейте документ.`);
    if (total + file.size > VISIT_ATTACHMENTS_MAX_BYTES) return setError('Все файлы визита вместе — не больше 20 МБ.');
    setBusy(true);
    try {
      await sendFile<AttachmentSavedResponse>(`/api/mystery-shopper/visits/${visitId}/files/${newRecordId()}?name=${encodeURIComponent(file.name)}`, file, 'PUT');
      input.value = '';
      changed();
    } catch (e) {
      setError(e instanceof ApiFailure ? (e.fields.file ?? e.message) : 'Не удалось приложить файл.');
    } finally {
      setBusy(false);
    }
  }

  async function remove(id: string) {
    try {
      await sendJson('DELETE', `/api/mystery-shopper/files/${id}`);
      changed();
    } catch (e) {
      setError((e as Error).message);
    }
  }

  return (
    <section aria-labelledby="ms-files-title" class="ms-files">
      <h2 id="ms-files-title">Фото и документы</h2>
      {files.length === 0 ? (
        <p class="muted">Файлов нет.</p>
      ) : (
        <ul id="ms-files">
          {files.map((f) => (
            <li key={f.id}>
              <a href={`/api/mystery-shopper/files/${f.id}`} download={f.name}>
                {f.name}
              </a>{' '}
              <span class="muted">
                ({ATTACHMENT_TYPE_LABEL[f.type]}, {sizeText(f.size)}; {f.addedBy}, {moscowDateTime(f.addedAt)})
              </span>{' '}
              {mayEdit && <ConfirmButton label={`Удалить «${f.name}»`} question={`Удалить файл «${f.name}»?`} confirmLabel="Удалить" onConfirm={() => void remove(f.id)} />}
            </li>
          ))}
        </ul>
      )}
      {mayEdit && (
        <div class="field">
          <label for="ms-file">Приложить файл</label>
          <input id="ms-file" type="file" accept=".jpg,.jpeg,.png,.pdf,image/jpeg,image/png,application/pdf" disabled={busy} aria-describedby="ms-file-hint" onChange={(e) => void upload(e.currentTarget)} />
          <small id="ms-file-hint" class="hint">
            Фото JPEG или PNG, документ PDF; до 5 МБ каждый, все вместе до 20 МБ (сейчас {sizeText(total)}).
          </small>
        </div>
      )}
      <Notice text={error} error />
    </section>
  );
}
