import { SurveyFrame } from '../../components/survey-frame.tsx';
import { context, draft, steps } from '../../state/app-state.ts';
import { back, next, selectService } from '../../state/survey-actions.ts';

/**
 * The optional last question: which service the answers were about (the CX sector's list). A tap
 * marks a service (a second tap clears it); the answers go with the one primary button, so a
 * mistaken tap can still be corrected.
 */
const HINT = 'Необязательно. Отметьте услугу, если хотите, и нажмите «Отправить ответы».';

export function ServiceScreen() {
  const d = draft.value;
  const services = context.value?.services ?? [];
  if (!d) return null;
  return (
    <SurveyFrame step={d.step} total={steps.value.length} headingId="service-title" heading="О какой услуге Ваш отзыв?" spoken={HINT} onBack={back}>
      <p class="hint">{HINT}</p>
      <div class="service-list" role="group" aria-labelledby="service-title">
        {services.map((s) => (
          <button type="button" key={s.id} class="button choice" aria-pressed={d.serviceId === s.id} onClick={() => selectService(d.serviceId === s.id ? null : s.id)}>
            {s.name}
          </button>
        ))}
      </div>
      {/* Sticks to the bottom of the screen: in large print the list runs past 800 px. */}
      <div class="send-bar">
        <button type="button" class="button primary wide send" onClick={next}>
          Отправить ответы
        </button>
      </div>
    </SurveyFrame>
  );
}
