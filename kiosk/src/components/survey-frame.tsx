import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { askFinish } from '../state/survey-actions.ts';
import { progressLabel } from '../survey/steps.ts';
import { useSpoken } from '../view/use-spoken.ts';

/**
 * The frame of every survey screen: progress, the heading (focused on arrival, so a screen reader
 * reads the new question and the keyboard starts from the top), the content, and the two ways
 * out: back one question, or finish now keeping what was answered (after a confirmation).
 * `spoken` is what the voice adds after the heading when the client switched speech on.
 */
export function SurveyFrame(props: {
  step: number;
  total: number;
  headingId: string;
  heading: string;
  spoken: string;
  onBack: () => void;
  /** «Завершить опрос»: the main survey asks first (the default); a built survey keeps what was answered at once. */
  onFinish?: () => void;
  children: ComponentChildren;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [props.step]);
  const percent = Math.round(((props.step + 1) / props.total) * 100);
  const progress = progressLabel(props.step, props.total);
  useSpoken(`${progress}. ${props.heading} ${props.spoken}`);
  return (
    <main class="screen survey">
      <header class="survey-bar">
        <button type="button" class="button secondary back" onClick={props.onBack}>
          <span aria-hidden="true">← </span>Назад
        </button>
        <div class="progress">
          <span class="progress-text">{progress}</span>
          <div class="progress-track" role="progressbar" aria-label="Ход опроса" aria-valuemin={1} aria-valuemax={props.total} aria-valuenow={props.step + 1} aria-valuetext={progress}>
            <div class="progress-fill" style={{ width: `${percent}%` }} />
          </div>
        </div>
        <button type="button" class="button secondary finish" onClick={props.onFinish ?? askFinish}>
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
