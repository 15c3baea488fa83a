import type { HubStorage } from '../../../../shared/api/board.ts';
import { whenAgo } from '../../format.ts';
import { STORAGE_STATE, storageBadge, storageText } from './board-words.ts';

/** The hub's own disk: the state, the free space, and what can be tidied when it runs short. */
export function StorageBox({ storage, now }: { storage: HubStorage; now: number }) {
  const { report } = storage;
  return (
    <section class="forwarding storage" aria-labelledby="storage-title" data-storage={report.state}>
      <h2 id="storage-title">
        {storage.role === 'central' ? 'Диск центрального сборщика' : 'Диск хаба'}: <span class={`badge badge-${storageBadge(report.state)}`}>{STORAGE_STATE[report.state]}</span>
      </h2>
      <dl class="facts">
        <dt>Место</dt>
        <dd>{storageText(report)}</dd>
        <dt>Проверено</dt>
        <dd>{whenAgo(report.checkedAt, now)}</dd>
        {report.state !== 'ok' && (
          <>
            <dt>Что можно освободить</dt>
            <dd>{storage.advice}</dd>
          </>
        )}
      </dl>
    </section>
  );
}
