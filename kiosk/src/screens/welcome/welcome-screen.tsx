import { useEffect, useRef } from 'preact/hooks';
import { ViewSwitches } from '../../components/view-switches.tsx';
import { context, steps } from '../../state/app-state.ts';
import { mark, startSurvey } from '../../state/survey-actions.ts';
import { welcomeLead } from '../../survey/steps.ts';
import { useSpoken } from '../../view/use-spoken.ts';
import { AppealNotice } from './appeal-notice.tsx';
import { QuestionOfDay } from './question-of-day.tsx';
import { questionOfDay } from '../../state/extra-actions.ts';

/** The invitation: what the survey is for, that it is anonymous, and where a complaint goes. */
export function WelcomeScreen() {
  const c = context.value;
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
    // The first usable screen (bench/figures/kiosk.bench.ts reads it once per page load).
    if (performance.getEntriesByName('kiosk-usable').length === 0) mark('kiosk-usable');
  }, []);
  const lead = welcomeLead(steps.value);
  const ofDay = c?.mode === 'kiosk' ? questionOfDay() : null;
  useSpoken(`Оцените, пожалуйста, качество услуги. ${lead} Чтобы начать, нажмите кнопку «Начать опрос».`);
  return (
    <main class="screen welcome">
      <ViewSwitches />
      <p class="office">{c?.officeName ? `ЦЗН Костромской области · ${c.officeName}` : 'ЦЗН Костромской области'}</p>
      <h1 tabIndex={-1} ref={heading}>
        Оцените, пожалуйста, качество услуги
      </h1>
      <p class="lead">{lead} Ваши ответы помогут нам работать лучше.</p>
      <button type="button" class="button primary start" onClick={startSurvey}>
        Начать опрос
      </button>
      {ofDay && <QuestionOfDay key={`${ofDay.surveyId}/${ofDay.version}`} survey={ofDay} />}
      <AppealNotice address={c?.officeAddress ?? null} />
    </main>
  );
}
