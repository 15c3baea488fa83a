import { invalidReason } from '../../state/app-state.ts';

/** A phone link that names no office or channel: nothing to attribute answers to. */
export function InvalidScreen() {
  return (
    <main class="screen welcome">
      <h1>Ссылка на опрос неполная</h1>
      <p class="lead">
        {invalidReason.value}. Отсканируйте QR-код ещё раз или откройте ссылку из письма целиком.
      </p>
    </main>
  );
}
