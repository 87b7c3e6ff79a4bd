/** The origin the privileged window is loaded from (a custom standard scheme, see main.ts). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'identity-desk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** The parts of Electron's WebFrameMain this check reads; kept minimal so it is testable without Electron. */
export interface FrameLike {
  url: string;
  parent: FrameLike | null;
}

/**
 * Only our own top-level page may call the API: not a subframe (an embedded form preview or an
 * injected iframe), not devtools, not file:/data: pages, not a look-alike host. The URL parser
 * decides, never string prefixes, so `app://identity-desk@evil` and similar tricks fail.
 */
export const isTrustedSender = (frame: FrameLike | null | undefined): boolean => !!frame && frame.parent === null && isAppUrl(frame.url);

/** True only for a URL on the app's own origin, decided by the URL parser. */
export const isAppUrl = (raw: string): boolean => {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return url.protocol === `${APP_SCHEME}:` && url.hostname === APP_HOST && url.port === '' && url.username === '' && url.password === '';
};
