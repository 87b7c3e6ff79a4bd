export { IdentityBrowserPage } from './IdentityBrowserPage';
