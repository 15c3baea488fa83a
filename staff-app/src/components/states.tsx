import type { ComponentChildren } from 'preact';

/** The states every data view can be in besides "here it is": loading, nothing, failed, not yours. */
export const Loading = ({ what }: { what?: string }) => (
  <p class="state state-loading" role="status">
    {what ? `Загрузка: ${what}…` : 'Загрузка…'}
  </p>
);

export const Empty = ({ children }: { children: ComponentChildren }) => <p class="state state-empty">{children}</p>;

export function Failed({ message, retry }: { message: string; retry?: () => void }) {
  return (
    <div class="state state-error" role="alert">
      <p>{message}</p>
      {retry && (
        <button type="button" class="secondary" onClick={retry}>
          Повторить
        </button>
      )}
    </div>
  );
}

/** A notice after an action: role=status, read out by screen readers, green or red. */
export function Notice({ text, error }: { text: string | null; error?: boolean }) {
  if (!text) return null;
  return (
    <p class={`notice ${error ? 'notice-error' : 'notice-ok'}`} role="status">
      {text}
    </p>
  );
}
