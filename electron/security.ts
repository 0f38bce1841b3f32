// The Electron security checklist applied to every web contents and session main creates:
// navigation and new windows denied, <webview> refused, permission requests and checks denied,
// and the renderer's CSP sent as a response header (the page also carries it in a meta tag).
import type { Session, WebContents } from 'electron';
import { CONTENT_SECURITY_POLICY } from './policy/window-options';
import type { Logger } from './monitor/log';

const hardenedSessions = new WeakSet<Session>();
const hardenedContents = new WeakSet<WebContents>();

export function hardenSession(session: Session, log: Logger): void {
  if (hardenedSessions.has(session)) return;
  hardenedSessions.add(session);
  session.setPermissionRequestHandler((_webContents, permission, callback) => {
    log('warn', `Denied a permission request: ${permission}.`);
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
      },
    });
  });
}

export function hardenWebContents(contents: WebContents, log: Logger): void {
  if (hardenedContents.has(contents)) return;
  hardenedContents.add(contents);
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    log('warn', `Blocked navigation to ${url}.`);
  });
  contents.on('will-redirect', (event, url) => {
    event.preventDefault();
    log('warn', `Blocked redirect to ${url}.`);
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    log('warn', `Blocked a new window for ${url}.`);
    return { action: 'deny' };
  });
}
