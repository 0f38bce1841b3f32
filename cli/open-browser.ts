// Opens the sign-in page in the system browser (doctor login). Only https (http on this computer)
// is ever handed to the operating system, and never through a shell: the URL comes from the
// server's metadata, and `cmd /c start` would run whatever follows a `|` or `&` in it.
import { spawn } from 'node:child_process';
import { isOpenableSignInUrl } from '../shared/sign-in-url';

export type BrowserCommand =
  { ok: true; command: string; args: string[] } | { ok: false; reason: string };

/** The command that opens `raw` on `platform`, as an argument array for spawn (no shell). */
export function browserCommand(platform: NodeJS.Platform, raw: string): BrowserCommand {
  if (!isOpenableSignInUrl(raw)) {
    return {
      ok: false,
      reason:
        'Refused to open the sign-in address: it must be https:// (http:// only on this computer).',
    };
  }
  // The parsed form: quotes, spaces and control characters are percent-encoded there.
  const url = new URL(raw).href;
  if (/[\s"]/.test(url))
    return { ok: false, reason: 'Refused to open a malformed sign-in address.' };
  if (platform === 'win32') {
    // FileProtocolHandler hands the URL to the default browser; no cmd.exe involved.
    return { ok: true, command: 'rundll32.exe', args: ['url.dll,FileProtocolHandler', url] };
  }
  if (platform === 'darwin') return { ok: true, command: 'open', args: [url] };
  return { ok: true, command: 'xdg-open', args: [url] };
}

/** Opens the URL; a refused URL rejects, a missing opener does not (the URL is printed too). */
export async function openInBrowser(url: string): Promise<void> {
  const command = browserCommand(process.platform, url);
  if (!command.ok) throw new Error(command.reason);
  await new Promise<void>((resolve) => {
    const child = spawn(command.command, command.args, {
      stdio: 'ignore',
      detached: true,
      shell: false,
      windowsHide: true,
    });
    child.once('error', () => resolve());
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
}
