// A button that runs one of the checklist actions through the bridge, with a busy state.
import type { ActionId } from '../../shared/health';
import { ACTION_BUSY_LABEL, ACTION_LABEL } from '../action-labels';
import { useWindow } from '../store';
import { CopyIcon, ExternalIcon, KeyIcon, RefreshIcon } from './Icons';

interface ActionButtonProps {
  action: ActionId;
  /** The trader's next move: drawn as the primary button. */
  primary?: boolean;
  /** Overrides the standard label (e.g. "Sign in" on first run). */
  label?: string;
  className?: string;
}

function ActionIcon({ action, spinning }: { action: ActionId; spinning: boolean }) {
  switch (action) {
    case 'sign_in':
      return <KeyIcon />;
    case 'check_now':
      return <RefreshIcon className={spinning ? 'spin' : undefined} />;
    case 'copy_diagnostics':
      return <CopyIcon />;
    case 'open_ai_clients':
    case 'open_subscriptions':
    case 'open_docs':
    case 'open_addon_download':
      return <ExternalIcon />;
  }
}

export function ActionButton({ action, primary, label, className }: ActionButtonProps) {
  const run = useWindow((s) => s.run);
  const busyAction = useWindow((s) => s.busy[action] === true);
  const checking = useWindow((s) => s.app?.checking === true);
  const signingIn = useWindow((s) => s.app?.signIn.state === 'waiting');
  const busy =
    busyAction || (action === 'check_now' && checking) || (action === 'sign_in' && signingIn);
  const classes = ['button', primary ? 'primary' : 'secondary', className]
    .filter(Boolean)
    .join(' ');
  return (
    <button
      type="button"
      className={classes}
      aria-disabled={busy || undefined}
      data-action={action}
      onClick={() => {
        if (!busy) void run(action);
      }}
    >
      <ActionIcon action={action} spinning={busy} />
      <span>{busy ? ACTION_BUSY_LABEL[action] : (label ?? ACTION_LABEL[action])}</span>
    </button>
  );
}
