import type { SurveySummariesResponse } from '../../../../shared/api/interviewer.ts';
import type { SurveyVersion } from '../../../../shared/surveys/definition.ts';
import { getJson } from '../../api/client.ts';
import { Empty, Failed, Loading } from '../../components/states.tsx';
import { useLoad } from '../../components/use-load.ts';
import { SentSummaries } from '../interviewer/sent-summaries.tsx';

/**
 * The exit poll's summary forms («итоговые формы», order No. 308, 2.2) on a survey's results page:
 * each office's forms for the version shown, with the employee's remarks and the figures filled
 * from the office's answers, newest first; printable. The answers themselves are in the results
 * above, under the channel «Опрос на выходе (сотрудник)».
 */
export function ExitPollPanel({ surveyId, version, versions, officeName }: { surveyId: string; version: number; versions: SurveyVersion[]; officeName: (id: string) => string }) {
  const loaded = useLoad(() => getJson<SurveySummariesResponse>(`/api/surveys/${encodeURIComponent(surveyId)}/summaries`, { version }), [surveyId, version]);
  const definition = versions.find((v) => v.version === version)?.definition ?? null;
  return (
    <section class="exit-poll-panel" aria-labelledby="exit-poll-title">
      <h2 id="exit-poll-title">Итоговые формы опроса на выходе</h2>
      {loaded.error ? (
        <Failed message={loaded.error} retry={loaded.reload} />
      ) : !loaded.data ? (
        <Loading what="итоговые формы" />
      ) : loaded.data.summaries.length === 0 ? (
        <Empty>Отделы ещё не прислали итоговых форм по версии {version}.</Empty>
      ) : (
        <>
          <p class="no-print">
            <button type="button" class="secondary" onClick={() => window.print()}>
              Печать
            </button>
          </p>
          <SentSummaries sent={loaded.data.summaries} definition={definition} officeName={officeName} title={`Получено форм: ${loaded.data.summaries.length}`} />
        </>
      )}
    </section>
  );
}
