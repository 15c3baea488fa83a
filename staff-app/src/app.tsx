import type { FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Boot, Frame, PageId, PageProps } from '../../shared/api/boot.ts';
import { PAGE_TITLE } from '../../shared/api/page-titles.ts';
import { PageFrame } from './components/page-frame.tsx';
import { Failed, Loading } from './components/states.tsx';

/**
 * The router: the hub decided which page this address is (and answered 403 or 404 itself); the
 * app loads that screen's chunk on demand, so a clerk opening /invite never downloads the
 * dashboard's charts. Each screen is `Screen({ props, frame })` in screens/<name>/ (screen-props.ts).
 */
type ScreenModule = { Screen: FunctionComponent<{ props: PageProps; frame: Frame }> };


const SCREENS: Record<PageId, () => Promise<unknown>> = {
  home: () => import('./screens/home/home-screen.tsx'),
  login: () => import('./screens/account/login-screen.tsx'),
  setup: () => import('./screens/account/setup-screen.tsx'),
  password: () => import('./screens/account/password-screen.tsx'),
  dashboard: () => import('./screens/dashboard/dashboard-screen.tsx'),
  board: () => import('./screens/board/board-screen.tsx'),
  admin: () => import('./screens/admin/admin-screen.tsx'),
  services: () => import('./screens/settings/services-screen.tsx'),
  'alert-rules': () => import('./screens/settings/alert-rules-screen.tsx'),
  invite: () => import('./screens/invite/invite-screen.tsx'),
  posters: () => import('./screens/invite/posters-screen.tsx'),
  central: () => import('./screens/central/central-screen.tsx'),
  offices: () => import('./screens/offices/offices-screen.tsx'),
  register: () => import('./screens/register/register-screen.tsx'),
  'register-new': () => import('./screens/register/new-entry-screen.tsx'),
  'register-entry': () => import('./screens/register/entry-screen.tsx'),
  'phone-survey': () => import('./screens/phone-survey/phone-survey-screen.tsx'),
  'pain-map': () => import('./screens/pain-map/pain-map-screen.tsx'),
  surveys: () => import('./screens/surveys/surveys-screen.tsx'),
  'survey-builder': () => import('./screens/surveys/builder-screen.tsx'),
  'survey-results': () => import('./screens/surveys/results-screen.tsx'),
  interviewer: () => import('./screens/interviewer/interviewer-screen.tsx'),
  'mystery-shopper': () => import('./screens/mystery-shopper/mystery-shopper-screen.tsx'),
  'mystery-template': () => import('./screens/mystery-shopper/template-screen.tsx'),
  'mystery-visit-form': () => import('./screens/mystery-shopper/visit-form-screen.tsx'),
  'mystery-visit': () => import('./screens/mystery-shopper/visit-screen.tsx'),
  'mystery-report': () => import('./screens/mystery-shopper/report-screen.tsx'),
  forbidden: () => import('./screens/problem/problem-screen.tsx'),
  'not-found': () => import('./screens/problem/problem-screen.tsx'),
  error: () => import('./screens/problem/problem-screen.tsx'),
};

export function App({ boot }: { boot: Boot }) {
  const page = boot.props.page;
  const title = PAGE_TITLE[page];
  const [screen, setScreen] = useState<ScreenModule['Screen'] | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    document.title = `${title} — ${boot.frame.hub.title || 'Обратная связь ЦЗН'}`;
    SCREENS[page]()
      .then((module) => setScreen(() => (module as ScreenModule).Screen))
      .catch(() => setFailed(true));
  }, [page]);
  return (
    <PageFrame frame={boot.frame} title={title}>
      {failed ? (
        <Failed message="Не удалось загрузить страницу: возможно, хаб обновился. Обновите страницу." retry={() => location.reload()} />
      ) : screen ? (
        h(screen, boot)
      ) : (
        <Loading />
      )}
    </PageFrame>
  );
}

const h = (Screen: ScreenModule['Screen'], boot: Boot) => <Screen props={boot.props} frame={boot.frame} />;
