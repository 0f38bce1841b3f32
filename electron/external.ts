// Opening CrossTrade's pages in the browser: only link kinds that map to the https allow-list of
// policy/external-links.ts, checked here in main whatever the window asked for.
import { shell } from 'electron';
import type { ActionResult } from './action-result';
import type { Logger } from './monitor/log';
import { externalLinkUrl } from './policy/external-links';

export async function openExternalLink(link: unknown, log: Logger): Promise<ActionResult> {
  const url = externalLinkUrl(link);
  if (!url) {
    log(
      'warn',
      `Refused to open a link outside the allow-list: ${JSON.stringify(link)?.slice(0, 200)}`,
    );
    return { ok: false, error: 'That link is not one the monitor opens.' };
  }
  try {
    await shell.openExternal(url);
    return { ok: true };
  } catch (error) {
    return { ok: false, error: `The browser could not be opened: ${String(error)}` };
  }
}
