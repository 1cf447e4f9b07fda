// Every screen but the first ones (Today, Welcome) is its own chunk, loaded when it is opened:
// the first screen loads nothing it does not show (the charts, for one, come with the reports).
import { lazy, Suspense, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';

function Loading() {
  const { t } = useTranslation();
  return (
    <p role="status" className="status-message">
      {t('app.loading')}
    </p>
  );
}

function lazyScreen<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  const Screen = lazy(async () => ({ default: await load() }));
  return function LazyScreen(props: P) {
    return (
      <Suspense fallback={<Loading />}>
        <Screen {...props} />
      </Suspense>
    );
  };
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
