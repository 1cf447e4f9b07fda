// Every screen but the first ones (Today, Welcome) is its own chunk, loaded when it is opened:
// the first screen loads nothing it does not show (the charts, for one, come with the reports).
import { useEffect, useState, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';

function Loading() {
  const { t } = useTranslation();
  return (
    <p role="status" className="status-message">
      {t('app.loading')}
    </p>
  );
}

function LoadFailed() {
  const { t } = useTranslation();
  return <p role="alert">{t('errors.internal')}</p>;
}

type LazyScreen<P> = ComponentType<P> & { preload(): Promise<ComponentType<P>> };

/**
 * A screen from its own chunk, drawn as soon as its code is here (at once, when opened before or
 * preloaded). Not React.lazy: a Suspense boundary holds its content back for up to 300 ms after
 * showing the fallback, which is the whole of a report's budget.
 */
function lazyScreen<P extends object>(load: () => Promise<ComponentType<P>>): LazyScreen<P> {
  let loaded: ComponentType<P> | null = null;
  let loading: Promise<ComponentType<P>> | null = null;
  const preload = () =>
    (loading ??= load().then(
      (component) => (loaded = component),
      (error: unknown) => {
        loading = null; // a failed chunk load is tried again when the screen is next opened
        throw error;
      },
    ));
  function LazyScreenView(props: P) {
    const [Screen, setScreen] = useState<ComponentType<P> | null>(() => loaded);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (Screen) return undefined;
      let current = true;
      preload().then(
        (component) => current && setScreen(() => component),
        () => current && setFailed(true),
      );
      return () => {
        current = false;
      };
    }, [Screen]);
    if (Screen) return <Screen {...props} />;
    return failed ? <LoadFailed /> : <Loading />;
  }
  return Object.assign(LazyScreenView, { preload });
}

export const Changes = lazyScreen(async () => (await import('../screens/Changes.tsx')).Changes);
export const Dashboard = lazyScreen(async () => (await import('../screens/Dashboard.tsx')).Dashboard);
export const Events = lazyScreen(async () => (await import('../screens/Events.tsx')).Events);
export const Import = lazyScreen(async () => (await import('../screens/Import.tsx')).Import);
export const Team = lazyScreen(async () => (await import('../screens/Team.tsx')).Team);
export const Lists = lazyScreen(async () => (await import('../screens/Lists.tsx')).Lists);
export const Maintenance = lazyScreen(async () => (await import('../screens/Maintenance.tsx')).Maintenance);
export const MonthlyReport = lazyScreen(async () => (await import('../screens/MonthlyReport.tsx')).MonthlyReport);
export const Sites = lazyScreen(async () => (await import('../screens/Sites.tsx')).Sites);
export const Sync = lazyScreen(async () => (await import('../screens/Sync.tsx')).Sync);
export const Volunteers = lazyScreen(async () => (await import('../screens/Volunteers.tsx')).Volunteers);

const byScreen: Partial<Record<string, { preload(): Promise<unknown> }>> = {
  changes: Changes,
  dashboard: Dashboard,
  events: Events,
  import: Import,
  team: Team,
  lists: Lists,
  maintenance: Maintenance,
  report: MonthlyReport,
  sites: Sites,
  sync: Sync,
  volunteers: Volunteers,
};

/**
 * A screen's code fetched as soon as the person shows they may open it (the pointer on its link,
 * or focus): the click then waits for little or no download, and nothing is fetched unasked.
 */
export function preloadScreen(screen: string): void {
  void byScreen[screen]?.preload().catch(() => undefined); // opening the screen tries again and shows its error
}
