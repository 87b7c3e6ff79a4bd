import { useLocation } from '../../app/router';
import { IdentityCreatePage } from './IdentityCreatePage';
import { IdentityDetailPage } from './IdentityDetailPage';
import { IdentityListPage } from './IdentityListPage';
import './identity-browser.css';

/** Routes inside the feature: `/identities`, `/identities/new`, `/identities/<id>`. */
export const IdentityBrowserPage = () => {
  const { path } = useLocation();
  const match = /^\/identities\/([^/]+)\/?$/.exec(path);
  if (!match?.[1]) return <IdentityListPage />;
  const id = decodeURIComponent(match[1]);
  // Keyed by id so moving between identities never carries one's unsaved edits to another.
  return id === 'new' ? <IdentityCreatePage /> : <IdentityDetailPage key={id} id={id} />;
};
