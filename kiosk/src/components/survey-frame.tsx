import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

/**
 * The frame of every survey screen: progress, the heading (focused on arrival, so a screen reader
 * reads the new question and the keyboard starts from the top), the content, and the two ways
 * out: back one question, or finish now keeping what was answered.
 */
export function SurveyFrame(props: {
  step: number;
  total: number;
  headingId: string;
  heading: ComponentChildren;
  onBack: () => void;
  onFinish: () => void;
  children: ComponentChildren;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [props.step]);
  const percent = Math.round(((props.step + 1) / props.total) * 100);
  return (
    <main class="screen survey">
      <header class="survey-bar">
        <button type="button" class="button secondary back" onClick={props.onBack}>
          <span aria-hidden="true">← </span>Назад
        </button>
        <div class="progress">
          <span class="progress-text">
            Вопрос {props.step + 1} из {props.total}
          </span>
          <div class="progress-track" role="progressbar" aria-label="Ход опроса" aria-valuemin={1} aria-valuemax={props.total} aria-valuenow={props.step + 1} aria-valuetext={`Вопрос ${props.step + 1} из ${props.total}`}>
            <div class="progress-fill" style={{ width: `${percent}%` }} />
          </div>
        </div>
        <button type="button" class="button secondary finish" onClick={props.onFinish}>
          Завершить опрос
        </button>
      </header>
      <h1 id={props.headingId} class="question-text" tabIndex={-1} ref={heading}>
        {props.heading}
      </h1>
      {props.children}
    </main>
  );
}
