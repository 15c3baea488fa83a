import { ConfirmFinish } from './components/confirm-finish.tsx';
import { PinPad } from './components/pin-pad.tsx';
import { CommentScreen } from './screens/comment/comment-screen.tsx';
import { InvalidScreen } from './screens/invalid/invalid-screen.tsx';
import { QuestionScreen } from './screens/question/question-screen.tsx';
import { ServiceScreen } from './screens/service/service-screen.tsx';
import { SetupScreen } from './screens/setup/setup-screen.tsx';
import { StaffScreen } from './screens/staff/staff-screen.tsx';
import { ThanksScreen } from './screens/thanks/thanks-screen.tsx';
import { WelcomeScreen } from './screens/welcome/welcome-screen.tsx';
import { AlreadyDoneScreen } from './screens/done/already-done-screen.tsx';
import { ExtraScreen } from './screens/extra/extra-screen.tsx';
import { draft, finishAsked, invitationUsed, pinPadOpen, screen, steps } from './state/app-state.ts';
import { closePinPad, tryPin } from './state/staff-actions.ts';

export function App() {
  const confirming = finishAsked.value && screen.value === 'survey' && !pinPadOpen.value;
  return (
    <>
      <div class="app" inert={pinPadOpen.value || confirming}>
        <CurrentScreen />
      </div>
      {confirming && <ConfirmFinish />}
      {pinPadOpen.value && <PinPad onSubmit={tryPin} onCancel={closePinPad} />}
    </>
  );
}

function CurrentScreen() {
  if (invitationUsed.value && (screen.value === 'welcome' || screen.value === 'thanks')) return <AlreadyDoneScreen />;
  switch (screen.value) {
    case 'loading':
      return (
        <main class="screen welcome">
          <h1>Опрос загружается…</h1>
        </main>
      );
    case 'invalid':
      return <InvalidScreen />;
    case 'setup':
      return <SetupScreen />;
    case 'welcome':
      return <WelcomeScreen />;
    case 'survey':
      return <SurveyStep />;
    case 'thanks':
      return <ThanksScreen />;
    case 'staff':
      return <StaffScreen />;
    case 'extra':
      return <ExtraScreen />;
  }
}

function SurveyStep() {
  const d = draft.value;
  const step = d ? steps.value[d.step] : undefined;
  if (!step) return null;
  switch (step.kind) {
    case 'question':
      return <QuestionScreen key={step.key} questionKey={step.key} />;
    case 'comment':
      return <CommentScreen />;
    case 'service':
      return <ServiceScreen />;
  }
}
