import { SurveyFrame } from '../../components/survey-frame.tsx';
import { context, draft, steps } from '../../state/app-state.ts';
import { abandon, back, chooseService } from '../../state/survey-actions.ts';

/** The optional last question: which service the answers were about (the CX sector's list). */
export function ServiceScreen() {
  const d = draft.value;
  const services = context.value?.services ?? [];
  if (!d) return null;
  return (
    <SurveyFrame step={d.step} total={steps.value.length} headingId="service-title" heading="О какой услуге Ваш отзыв?" onBack={back} onFinish={() => void abandon('thanks')}>
      <p class="hint">Необязательно. Выберите услугу — и опрос будет завершён.</p>
      <div class="service-list" role="group" aria-labelledby="service-title">
        {services.map((s) => (
          <button type="button" key={s.id} class="button choice" aria-pressed={d.serviceId === s.id} onClick={() => chooseService(s.id)}>
            {s.name}
          </button>
        ))}
      </div>
      <button type="button" class="button primary wide" onClick={() => chooseService(null)}>
        Не указывать и завершить
      </button>
    </SurveyFrame>
  );
}
