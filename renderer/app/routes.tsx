import type { ReactNode } from 'react';
import { HistoryPage } from '../features/history';
import { IdentityBrowserPage } from '../features/identity-browser';
import { OperationsPage } from '../features/operations';
import { OverviewPage } from '../features/overview';
import { SchemaEditorFeature } from '../features/schema-editor';
import { SyncPage } from '../features/sync';
import { ImportPage } from '../features/transfer';

export interface AppRoute {
  path: string;
  label: string;
  render: () => ReactNode;
}

/** The features that exist; the navigation is built from this list. */
// The first route is also what `/` shows: the identity browser is the screen people come for.
export const ROUTES: readonly AppRoute[] = [
  { path: '/identities', label: 'Identities', render: () => <IdentityBrowserPage /> },
  { path: '/schemas', label: 'Schemas', render: () => <SchemaEditorFeature /> },
  { path: '/operations', label: 'Operations', render: () => <OperationsPage /> },
  { path: '/history', label: 'History', render: () => <HistoryPage /> },
  { path: '/import', label: 'Import', render: () => <ImportPage /> },
  { path: '/overview', label: 'Overview', render: () => <OverviewPage /> },
  { path: '/sync', label: 'Sync', render: () => <SyncPage /> },
];

export const routeFor = (path: string): AppRoute => ROUTES.find((r) => r.path !== '/' && path.startsWith(r.path)) ?? ROUTES[0]!;
