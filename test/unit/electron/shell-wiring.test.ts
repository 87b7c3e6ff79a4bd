import { describe, expect, it, vi } from 'vitest';
import { type createElectronMock } from './electron-mock';

const mock = vi.hoisted(() => ({ current: undefined as ReturnType<typeof createElectronMock> | undefined }));
vi.mock('electron', async () => {
  const { createElectronMock: create } = await import('./electron-mock');
  mock.current = create();
  return mock.current.electron;
});

const { serveIpc, CALL_CHANNEL } = await import('../../../electron/ipc/serve-ipc');
const { createEventBus } = await import('../../../electron/services/events/event-bus');
const m = () => mock.current!;

describe('serveIpc', () => {
  const router = { call: vi.fn(async () => ({ ok: true as const, value: 'info' })), methods: () => [] };
  serveIpc(router, createEventBus(), () => []);
  const handler = () => m().handlers.get(CALL_CHANNEL)!;

  it('handles exactly one channel, api:call', () => {
    expect([...m().handlers.keys()]).toEqual(['api:call']);
  });

  it('routes calls from the app frame', async () => {
    const answer = await handler()({ senderFrame: { url: 'app://identity-desk/', parent: null } }, 'app.info', []);
    expect(answer).toEqual({ ok: true, value: 'info' });
    expect(router.call).toHaveBeenCalledWith('app.info', []);
  });

  it('answers FORBIDDEN to subframes and foreign pages without calling the router', async () => {
    router.call.mockClear();
    const parent = { url: 'app://identity-desk/', parent: null };
    for (const senderFrame of [null, { url: 'app://identity-desk/', parent }, { url: 'https://evil.example/', parent: null }]) {
      const answer = await handler()({ senderFrame }, 'app.info', []);
      expect(answer).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(router.call).not.toHaveBeenCalled();
  });
});

describe('preload', () => {
  it('exposes call and subscribe on window.bridge, and nothing else', async () => {
    await import('../../../electron/preload');
    expect([...m().exposed.keys()]).toEqual(['bridge']);
    const bridge = m().exposed.get('bridge') as Record<string, unknown>;
    expect(Object.keys(bridge).sort()).toEqual(['call', 'subscribe']);
    (bridge['call'] as (m: string, a: unknown[]) => void)('app.info', []);
    expect(m().electron.ipcRenderer.invoke).toHaveBeenCalledWith('api:call', 'app.info', []);
  });
});

describe('main', () => {
  it('takes the single-instance lock, denies all permissions and guards every web contents', async () => {
    m().electron.app.whenReady.mockImplementation(() => Promise.resolve());
    m().electron.app.getPath.mockImplementation(() => `${process.env['TMPDIR'] ?? '/tmp'}/identity-desk-main-test-${process.pid}`);
    await import('../../../electron/main');
    await new Promise((r) => setTimeout(r, 50));
    expect(m().electron.app.requestSingleInstanceLock).toHaveBeenCalled();
    // app.enableSandbox() only works before ready: it must come before whenReady is even asked for.
    const { enableSandbox, whenReady } = m().electron.app;
    expect(enableSandbox).toHaveBeenCalledTimes(1);
    expect(enableSandbox.mock.invocationCallOrder[0]).toBeLessThan(whenReady.mock.invocationCallOrder[0] ?? 0);
    expect(m().electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } },
    ]);
    const grant = vi.fn();
    m().permissionHandlers.request?.({}, 'media', grant);
    expect(grant).toHaveBeenCalledWith(false);
    expect(m().permissionHandlers.check?.({}, 'clipboard-read')).toBe(false);
    expect(m().appEvents.has('web-contents-created')).toBe(true);
    expect(m().handlers.has('api:call')).toBe(true);
  });
});
