import type { ReactNode } from 'react';
import { OverviewPage } from '../features/overview';

export interface AppRoute {
  path: string;
  label: string;
  render: () => ReactNode;
}

/** The features that exist; the navigation is built from this list. */
export const ROUTES: readonly AppRoute[] = [{ path: '/', label: 'Overview', render: () => <OverviewPage /> }];

export const routeFor = (path: string): AppRoute =>
  ROUTES.find((r) => r.path !== '/' && path.startsWith(r.path)) ?? ROUTES[0]!;
