import { useEffect, useState } from 'preact/hooks';
import { newRecordId } from '../../../../shared/ids.ts';
import { INTERVIEWER_DEVICE_ID, INTERVIEWER_REFUSAL_KIND, type InterviewerItem } from '../../../../shared/interviewer.ts';
import type { SurveyAnswerRecord } from '../../../../shared/records.ts';
import { checkSurveyAnswers } from '../../../../shared/surveys/answer-check.ts';
import type { SurveyAnswers } from '../../../../shared/surveys/answer-types.ts';
import type { SurveyVersion } from '../../../../shared/surveys/definition.ts';
import { moscowDay } from '../../../../shared/periods.ts';
import { inPeriod } from '../../../../shared/surveys/offer.ts';
import { Failed, Loading } from '../../components/states.tsx';
import type { ScreenProps } from '../../screen-props.ts';
import { AnswerFlow } from './answer-flow.tsx';
import { openInterviewerDb, type DayTally, type QueuedItem } from './interviewer-db.ts';
import { interviewerOutbox, type InterviewerOutbox } from './interviewer-outbox.ts';
import { link, startInterviewerSync, type InterviewerSync } from './interviewer-sync.ts';
import { keepPageOffline } from './keep-offline.ts';
import { SummaryForm } from './summary-form.tsx';
import { SurveyList } from './survey-list.tsx';
import { SyncStatus } from './sync-status.tsx';
import './interviewer.css';

/**
 * «Опрос на выходе» (order No. 308, 2.2) on an employee's tablet or phone: the office's exit polls,
 * then one visitor after another, each visitor's answers one record born here with its own id and
 * marked as taken by staff, never with the visitor's or the employee's name; kept in this device's
 * IndexedDB until the office hub acknowledges it, so a Wi-Fi drop or a reload loses nothing; and at
 * the end the summary form for the CX sector. docs/surveys.md «Interviewer mode».
 */
type View = { kind: 'list' } | { kind: 'ask'; version: SurveyVersion } | { kind: 'summary'; version: SurveyVersion };

interface Runtime {
  outbox: InterviewerOutbox;
  sync: InterviewerSync;
}

export function Screen({ props, frame }: ScreenProps<'interviewer'>) {
  const [runtime, setRuntime] = useState<Runtime | null>(null);
  const [broken, setBroken] = useState(false);
  const [view, setView] = useState<View>({ kind: 'list' });
  const [tally, setTally] = useState<DayTally[]>([]);
  const [refused, setRefused] = useState<QueuedItem[]>([]);
  const [offline, setOffline] = useState<'kept' | 'not-kept' | null>(null);
  // The page may come from the device's copy on a later day: today is the tablet's, not the page's.
  const day = moscowDay(Date.now());
  const surveys = props.surveys.filter((v) => inPeriod(v.definition, Date.now()));

  const reread = async (outbox: InterviewerOutbox) => {
    setTally(await outbox.tally(day));
    setRefused(await outbox.refused());
  };
  useEffect(() => {
    let sync: InterviewerSync | null = null;
    openInterviewerDb()
      .then(async (db) => {
        const outbox = interviewerOutbox(db, () => Date.now());
        sync = startInterviewerSync(outbox, frame.csrfToken);
        setRuntime({ outbox, sync });
        await reread(outbox);
      })
      .catch(() => setBroken(true));
    void keepPageOffline().then((kept) => setOffline(kept ? 'kept' : 'not-kept'));
    return () => sync?.stop();
  }, []);
  // A refusal by the hub shows up when the loop reports; re-read the list then.
  const refusedCount = link.value.refused;
  useEffect(() => void (runtime && reread(runtime.outbox)), [refusedCount]);

  if (broken) return <Failed message="Этот браузер не даёт сохранять ответы на устройстве (возможно, открыт приватный режим). Откройте страницу в обычном окне." />;
  if (!runtime) return <Loading what="опросы" />;

  const queue = async (item: InterviewerItem) => {
    await runtime.outbox.queue(item, day);
    await Promise.all([reread(runtime.outbox), runtime.sync.refresh()]);
    runtime.sync.kick();
  };
  const base = (v: SurveyVersion) => ({ id: newRecordId(), officeId: frame.hub.officeId, bornAt: new Date().toISOString(), surveyId: v.surveyId, version: v.version });
  const saveAnswer = async (v: SurveyVersion, answers: SurveyAnswers, complete: boolean) => {
    if (!checkSurveyAnswers(v.definition, answers, complete).ok) throw new Error('answer does not fit its survey');
    const record: SurveyAnswerRecord = { kind: 'survey-answer', ...base(v), deviceId: INTERVIEWER_DEVICE_ID, channel: 'interviewer', answers, complete };
    await queue(record);
  };
  const todayOf = (v: SurveyVersion) => {
    const t = tally.find((x) => x.surveyId === v.surveyId);
    return { answers: t?.answers ?? 0, refusals: t?.refusals ?? 0 };
  };

  return (
    <div class={`interviewer interviewer-${view.kind}`}>
      <SyncStatus onSendNow={() => runtime.sync.kick()} refused={refused} offline={offline} />
      {view.kind === 'list' ? (
        <SurveyList surveys={surveys} tally={tally} onAsk={(version) => setView({ kind: 'ask', version })} onSummary={(version) => setView({ kind: 'summary', version })} />
      ) : view.kind === 'ask' ? (
        <AnswerFlow
          version={view.version}
          today={todayOf(view.version)}
          onSave={(answers, complete) => saveAnswer(view.version, answers, complete)}
          onRefuse={() => queue({ kind: INTERVIEWER_REFUSAL_KIND, ...base(view.version) })}
          onClose={() => setView({ kind: 'list' })}
        />
      ) : (
        <SummaryForm version={view.version} today={day} officeName={props.officeName} who={frame.user?.displayName ?? ''} pending={link.value.pending} onBack={() => setView({ kind: 'list' })} />
      )}
    </div>
  );
}
