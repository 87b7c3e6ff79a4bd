import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { ApiClient } from '../../shared/rpc';
import { SyncJobProvider } from '../features/sync';
import { ApiContext, queryKeys, useApi, useEventInvalidation } from '../api/use-api';
import { ErrorBoundary } from './ErrorBoundary';
import { routeFor, ROUTES } from './routes';
import { navigate, useLocation } from './router';
import { StatusBar } from './StatusBar';
import { useTheme } from './use-theme';

export const App = ({ client }: { client: ApiClient }) => {
  const [queries] = useState(() => new QueryClient({ defaultOptions: { queries: { retry: 1, staleTime: 5_000 } } }));
  return (
    <ApiContext.Provider value={client}>
      <QueryClientProvider client={queries}>
        <SyncJobProvider>
          <AppFrame />
        </SyncJobProvider>
      </QueryClientProvider>
    </ApiContext.Provider>
  );
};

const THEME_LABEL = { system: 'Theme: system', light: 'Theme: light', dark: 'Theme: dark' } as const;

const AppFrame = () => {
  useEventInvalidation();
  const api = useApi();
  const info = useQuery({ queryKey: queryKeys.appInfo, queryFn: () => api.app.info() });
  const { path } = useLocation();
  const route = routeFor(path);
  const theme = useTheme();
  return (
    <div className="app">
      <header className="top-bar">
        <span className="brand">Identity Desk</span>
        <nav aria-label="Main">
          {ROUTES.map((r) => (
            <a
              key={r.path}
              href={r.path}
              aria-current={r === route ? 'page' : undefined}
              onClick={(e) => {
                e.preventDefault();
                navigate(r.path);
              }}
            >
              {r.label}
            </a>
          ))}
        </nav>
        <button type="button" className="theme-toggle" onClick={theme.cycle} aria-label={`${THEME_LABEL[theme.choice]}. Change theme`}>
          {THEME_LABEL[theme.choice]}
        </button>
      </header>
      <main className="content">
        <ErrorBoundary area={route.label} key={route.path}>
          {route.render()}
        </ErrorBoundary>
      </main>
      <StatusBar info={info.data} error={info.error ? info.error.message : null} />
    </div>
  );
};
