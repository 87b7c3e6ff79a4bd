import { beforeEach, describe, expect, it, vi } from 'vitest';
import { type createElectronMock } from './electron-mock';

const mock = vi.hoisted(() => ({ current: undefined as ReturnType<typeof createElectronMock> | undefined }));
vi.mock('electron', async () => {
  const { createElectronMock: create } = await import('./electron-mock');
  mock.current = create();
  return mock.current.electron;
});

const { WEB_PREFERENCES, createMainWindow, guardContents, isAllowedExternalUrl } = await import('../../../electron/window');
const electronMock = () => mock.current!;

describe('the window factory', () => {
  it('uses the locked-down preferences as one constant', () => {
    expect(WEB_PREFERENCES).toEqual({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    });
  });

  it('builds the window with exactly those preferences plus the preload, on the app origin', () => {
    const window = createMainWindow('/app/preload.cjs') as unknown as { loadURL: ReturnType<typeof vi.fn> };
    const options = (electronMock().electron.BrowserWindow as unknown as { lastOptions: { webPreferences: unknown } }).lastOptions;
    expect(options.webPreferences).toEqual({ ...WEB_PREFERENCES, preload: '/app/preload.cjs' });
    expect(window.loadURL).toHaveBeenCalledWith('app://identity-desk/');
  });
});

describe('navigation guards', () => {
  let contents: InstanceType<ReturnType<typeof createElectronMock>['FakeContents']>;
  const openExternal = vi.fn(async () => undefined);
  beforeEach(() => {
    contents = new (electronMock().FakeContents)();
    openExternal.mockClear();
    guardContents(contents as never, openExternal);
  });

  const fire = (name: string, url?: string) => {
    const event = { preventDefault: vi.fn() };
    contents.events.get(name)?.(event, url);
    return event.preventDefault.mock.calls.length > 0;
  };

  it('denies navigation away from the app and allows in-app routes', () => {
    expect(fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(fire('will-navigate', 'app://identity-desk@evil.example/')).toBe(true);
    expect(fire('will-navigate', 'app://identity-desk/identities')).toBe(false);
    expect(fire('will-redirect', 'https://evil.example/')).toBe(true);
  });

  it('refuses webviews', () => expect(fire('will-attach-webview')).toBe(true));

  it('denies every new window and hands only allowlisted links to the OS browser', () => {
    expect(contents.windowOpenHandler?.({ url: 'https://www.ory.sh/docs/kratos' })).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledWith('https://www.ory.sh/docs/kratos');
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledTimes(1);
  });
});

describe('isAllowedExternalUrl', () => {
  it.each([
    ['https://www.ory.sh/docs', true],
    ['https://github.com/ory/kratos', true],
    ['http://www.ory.sh/docs', false],
    ['https://www.ory.sh.evil.example/', false],
    ['https://www.ory.sh@evil.example/', false],
    ['https://evil.example/?https://www.ory.sh', false],
    ['https://user:pw@github.com/', false],
    ['https://github.com:444/', false],
    ['javascript:alert(1)', false],
    ['file:///etc/passwd', false],
    ['not a url', false],
  ])('%s → %s', (url, allowed) => expect(isAllowedExternalUrl(url)).toBe(allowed));
});
