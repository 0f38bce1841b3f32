// What each action button says, idle and busy.
import type { ActionId } from '../shared/health';

/** Button labels of the actions a checklist step can be bound to. */
export const ACTION_LABEL: Record<ActionId, string> = {
  sign_in: 'Sign in again',
  open_ai_clients: 'Open AI Clients page',
  open_subscriptions: 'Open Subscriptions page',
  open_docs: 'Open CrossTrade docs',
  open_addon_download: 'Download the add-on',
  check_now: 'Check now',
  copy_diagnostics: 'Copy safe diagnostics',
};

/** What a busy action button says while it runs. */
export const ACTION_BUSY_LABEL: Record<ActionId, string> = {
  sign_in: 'Waiting for the browser…',
  open_ai_clients: 'Opening…',
  open_subscriptions: 'Opening…',
  open_docs: 'Opening…',
  open_addon_download: 'Opening…',
  check_now: 'Checking…',
  copy_diagnostics: 'Copying…',
};
