import { useEffect, useRef } from 'preact/hooks';
import { useSpoken } from '../../view/use-spoken.ts';

/** Phone mode: the invitation has been answered already (the central said 409 already-used). */
export function AlreadyDoneScreen() {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  useSpoken('Спасибо, этот опрос уже пройден.');
  return (
    <main class="screen thanks">
      <h1 tabIndex={-1} ref={heading}>
        Спасибо, этот опрос уже пройден
      </h1>
      <p class="lead" role="status">
        Ответ по этой ссылке уже получен. Благодарим за отзыв о работе центра занятости.
      </p>
    </main>
  );
}
