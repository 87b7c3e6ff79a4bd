import { ipcMain, type WebContents } from 'electron';
import type { EventBus } from '../services/events/event-bus';
import type { Router } from './router';
import { isTrustedSender } from './trusted-sender';

export const CALL_CHANNEL = 'api:call';
export const EVENT_CHANNEL = 'api:event';

/**
 * The only user of ipcMain: one channel for every call, answered by the router as data, and
 * events forwarded to the windows that asked for them. Untrusted senders get FORBIDDEN.
 */
export const serveIpc = (router: Router, events: EventBus, windows: () => WebContents[]): (() => void) => {
  ipcMain.handle(CALL_CHANNEL, async (event, method: unknown, args: unknown) => {
    if (!isTrustedSender(event.senderFrame)) {
      return { ok: false, error: { code: 'FORBIDDEN', message: 'This frame may not call Identity Desk.' } };
    }
    if (typeof method !== 'string') return { ok: false, error: { code: 'VALIDATION_FAILED', message: 'Method must be a string.' } };
    return router.call(method, args);
  });
  const unsubscribe = events.subscribe((name, payload) => {
    for (const contents of windows()) {
      if (!contents.isDestroyed() && isTrustedSender(contents.mainFrame)) contents.send(EVENT_CHANNEL, name, payload);
    }
  });
  return () => {
    ipcMain.removeHandler(CALL_CHANNEL);
    unsubscribe();
  };
};
