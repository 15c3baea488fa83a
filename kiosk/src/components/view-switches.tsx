import type { ComponentChildren } from 'preact';
import { context } from '../state/app-state.ts';
import { runtime } from '../state/runtime.ts';
import { largePrint, setLargePrint, setSpeech, speechAvailable, speechOn } from '../view/view-options.ts';

/**
 * The welcome screen's two switches: large print with high contrast, and spoken prompts (offered
 * only where the device has a Russian voice of its own). On the kiosk a switch also starts the idle
 * timer, so a client who switches and walks away leaves the ordinary view to the next one.
 */
export function ViewSwitches() {
  return (
    <div class="view-switches" role="group" aria-label="Вид опроса">
      <Switch on={largePrint.value} set={setLargePrint} icon="Аа">
        Версия для слабовидящих
      </Switch>
      {speechAvailable.value && (
        <Switch on={speechOn.value} set={setSpeech} icon="♪">
          Озвучивать вопросы
        </Switch>
      )}
    </div>
  );
}

function Switch(props: { on: boolean; set: (on: boolean) => void; icon: string; children: ComponentChildren }) {
  const toggle = () => {
    props.set(!props.on);
    if (context.value?.mode === 'kiosk') runtime().idle.arm(runtime().timings.idleMs);
  };
  return (
    <button type="button" class="button secondary switch" aria-pressed={props.on} onClick={toggle}>
      <span class="switch-icon" aria-hidden="true">
        {props.icon}
      </span>
      {props.children}
    </button>
  );
}
