import { context } from '../store/app-state.ts';
import { runtime } from '../store/runtime.ts';
import { largePrint, setLargePrint, setSpeech, speechAvailable, speechOn } from '../view/view-options.ts';

/**
 * The welcome screen's two switches: large print with high contrast, and spoken prompts (offered
 * only where the device has a Russian voice of its own). On the kiosk a switch also starts the idle
 * timer, so a client who switches and walks away leaves the ordinary view to the next one.
 */
export function ViewSwitches() {
  const touched = () => {
    if (context.value?.mode === 'kiosk') runtime().idle.arm(runtime().timings.idleMs);
  };
  return (
    <div class="view-switches" role="group" aria-label="Вид опроса">
      <button
        type="button"
        class="button secondary switch"
        aria-pressed={largePrint.value}
        onClick={() => {
          setLargePrint(!largePrint.value);
          touched();
        }}
      >
        <span class="switch-icon" aria-hidden="true">
          Аа
        </span>
        Версия для слабовидящих
      </button>
      {speechAvailable.value && (
        <button
          type="button"
          class="button secondary switch"
          aria-pressed={speechOn.value}
          onClick={() => {
            setSpeech(!speechOn.value);
            touched();
          }}
        >
          <span class="switch-icon" aria-hidden="true">
            ♪
          </span>
          Озвучивать вопросы
        </button>
      )}
    </div>
  );
}
