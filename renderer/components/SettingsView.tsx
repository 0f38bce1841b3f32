// The Settings tab: the MCP URL (validated as you type), the check interval, notification
// toggles per kind, launch at login, the local NinjaTrader check, quiet time and the account.
import { useId, useState, type FormEvent } from 'react';
import { MONITOR_SCOPE, OFFICIAL_MCP_URL } from '../../shared/crosstrade';
import type { AppState } from '../../shared/ipc';
import type { Settings, SettingsPatch } from '../../shared/settings';
import { checkMcpUrl, MAX_INTERVAL_SEC, MIN_INTERVAL_SEC } from '../../shared/settings-rules';
import { formatClock, timeOf } from '../format';
import { useWindow } from '../store';
import { useNow } from '../useNow';
import { ActionButton } from './ActionButton';
import { WarningIcon } from './Icons';
import { SecretStorageWarning } from './StatusView';

type NotificationKind = keyof Settings['notifications'];

const NOTIFICATION_LABEL: Record<NotificationKind, string> = {
  disconnect: 'The add-on or NinjaTrader 8 disconnects',
  recovery: 'Everything works again',
  token: 'The sign-in stops working',
  outdated: 'The add-on needs an update',
};
const NOTIFICATION_KINDS = Object.keys(NOTIFICATION_LABEL) as NotificationKind[];

interface Draft {
  mcpUrl: string;
  interval: string;
  notifications: Settings['notifications'];
  launchAtLogin: boolean;
  nt8LocalCheck: boolean;
}

function draftOf(settings: Settings): Draft {
  return {
    mcpUrl: settings.mcpUrl,
    interval: String(settings.intervalSec),
    notifications: { ...settings.notifications },
    launchAtLogin: settings.launchAtLogin,
    nt8LocalCheck: settings.nt8LocalCheck,
  };
}

export function intervalError(raw: string): string | undefined {
  const value = Number(raw.trim());
  if (
    raw.trim() === '' ||
    !Number.isInteger(value) ||
    value < MIN_INTERVAL_SEC ||
    value > MAX_INTERVAL_SEC
  ) {
    return `Choose a whole number of seconds from ${MIN_INTERVAL_SEC} to ${MAX_INTERVAL_SEC}.`;
  }
  return undefined;
}

/** Only what changed, so main reconfigures only what it must. */
export function patchOf(settings: Settings, draft: Draft): SettingsPatch {
  const patch: SettingsPatch = {};
  const url = draft.mcpUrl.trim();
  if (url !== settings.mcpUrl) patch.mcpUrl = url;
  const interval = Number(draft.interval.trim());
  if (interval !== settings.intervalSec) patch.intervalSec = interval;
  const notifications: Partial<Settings['notifications']> = {};
  for (const kind of NOTIFICATION_KINDS) {
    if (draft.notifications[kind] !== settings.notifications[kind]) {
      notifications[kind] = draft.notifications[kind];
    }
  }
  if (Object.keys(notifications).length > 0) patch.notifications = notifications;
  if (draft.launchAtLogin !== settings.launchAtLogin) patch.launchAtLogin = draft.launchAtLogin;
  if (draft.nt8LocalCheck !== settings.nt8LocalCheck) patch.nt8LocalCheck = draft.nt8LocalCheck;
  return patch;
}

function SettingsForm({ settings }: { settings: Settings }) {
  const [draft, setDraft] = useState(() => draftOf(settings));
  const [tried, setTried] = useState(false);
  const saveSettings = useWindow((s) => s.saveSettings);
  const clearFeedback = useWindow((s) => s.clearSettingsFeedback);
  const feedback = useWindow((s) => s.settingsFeedback);
  const saving = useWindow((s) => s.busy.save_settings === true);
  const id = useId();

  const urlCheck = checkMcpUrl(draft.mcpUrl);
  const urlError = urlCheck.ok ? undefined : urlCheck.error;
  const urlWarning = urlCheck.ok ? urlCheck.warning : undefined;
  const intervalProblem = intervalError(draft.interval);
  const patch = patchOf(settings, draft);
  const dirty = Object.keys(patch).length > 0;

  function update(change: Partial<Draft>) {
    clearFeedback();
    setDraft((current) => ({ ...current, ...change }));
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setTried(true);
    if (urlError || intervalProblem) {
      const field = event.currentTarget.querySelector<HTMLInputElement>('[aria-invalid="true"]');
      field?.focus();
      return;
    }
    if (!dirty || saving) return;
    void saveSettings(patch);
  }

  const showUrlError = urlError !== undefined && (tried || draft.mcpUrl !== settings.mcpUrl);
  const showIntervalError =
    intervalProblem !== undefined && (tried || draft.interval !== String(settings.intervalSec));

  return (
    <form className="card settings" noValidate onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="section-title">
        Monitoring
      </h2>
      <div className="field">
        <label htmlFor={`${id}-url`}>MCP server URL</label>
        <input
          id={`${id}-url`}
          type="url"
          inputMode="url"
          spellCheck={false}
          autoComplete="off"
          value={draft.mcpUrl}
          aria-invalid={showUrlError || undefined}
          aria-describedby={`${id}-url-msg`}
          onChange={(event) => update({ mcpUrl: event.target.value })}
        />
        <div id={`${id}-url-msg`} className="field-msg">
          {showUrlError ? (
            <p className="error-text">
              <WarningIcon /> {urlError}
            </p>
          ) : urlWarning ? (
            <p className="warning-text">
              <WarningIcon /> {urlWarning}
            </p>
          ) : (
            <p className="muted">CrossTrade&rsquo;s documented address is {OFFICIAL_MCP_URL}.</p>
          )}
        </div>
        {draft.mcpUrl.trim() !== OFFICIAL_MCP_URL && (
          <button
            type="button"
            className="link"
            onClick={() => update({ mcpUrl: OFFICIAL_MCP_URL })}
          >
            Use the documented address
          </button>
        )}
      </div>
      <div className="field">
        <label htmlFor={`${id}-interval`}>Check every (seconds)</label>
        <input
          id={`${id}-interval`}
          className="short"
          type="number"
          inputMode="numeric"
          min={MIN_INTERVAL_SEC}
          max={MAX_INTERVAL_SEC}
          step={1}
          value={draft.interval}
          aria-invalid={showIntervalError || undefined}
          aria-describedby={`${id}-interval-msg`}
          onChange={(event) => update({ interval: event.target.value })}
        />
        <div id={`${id}-interval-msg`} className="field-msg">
          {showIntervalError ? (
            <p className="error-text">
              <WarningIcon /> {intervalProblem}
            </p>
          ) : (
            <p className="muted">
              Each check makes a few read-only calls; {MIN_INTERVAL_SEC} to {MAX_INTERVAL_SEC} s.
            </p>
          )}
        </div>
      </div>
      <fieldset className="field">
        <legend>Notify me when</legend>
        {NOTIFICATION_KINDS.map((kind) => (
          <label key={kind} className="toggle">
            <input
              type="checkbox"
              checked={draft.notifications[kind]}
              onChange={(event) =>
                update({ notifications: { ...draft.notifications, [kind]: event.target.checked } })
              }
            />
            {NOTIFICATION_LABEL[kind]}
          </label>
        ))}
      </fieldset>
      <fieldset className="field">
        <legend>This computer</legend>
        <label className="toggle">
          <input
            type="checkbox"
            checked={draft.launchAtLogin}
            onChange={(event) => update({ launchAtLogin: event.target.checked })}
          />
          Start the monitor when I log in
        </label>
        <label className="toggle">
          <input
            type="checkbox"
            checked={draft.nt8LocalCheck}
            aria-describedby={`${id}-nt8-help`}
            onChange={(event) => update({ nt8LocalCheck: event.target.checked })}
          />
          Check whether NinjaTrader 8 is running here
        </label>
        <p id={`${id}-nt8-help`} className="muted indent">
          Answers only on Windows. Turn it off when NinjaTrader runs on another computer, such as a
          VPS.
        </p>
      </fieldset>
      <div className="form-actions">
        <button
          type="submit"
          className="button primary"
          aria-disabled={!dirty || saving || undefined}
        >
          {saving ? 'Saving…' : 'Save settings'}
        </button>
        {dirty && (
          <button
            type="button"
            className="button secondary"
            onClick={() => {
              setTried(false);
              setDraft(draftOf(settings));
              clearFeedback();
            }}
          >
            Discard changes
          </button>
        )}
      </div>
      {feedback?.ok === true && (
        <p className="success-text" role="status">
          Settings saved.
        </p>
      )}
      {feedback?.ok === false && (
        <p className="error-text" role="alert">
          <WarningIcon /> {feedback.error}
        </p>
      )}
    </form>
  );
}

function QuietTime({ app }: { app: AppState }) {
  const now = useNow();
  const pause = useWindow((s) => s.pauseNotifications);
  const resume = useWindow((s) => s.resumeNotifications);
  const busy = useWindow((s) => s.busy.pause === true || s.busy.resume === true);
  const until = timeOf(app.notificationsPausedUntil);
  const paused = until !== undefined && until > now;
  return (
    <section className="card" aria-labelledby="quiet-title">
      <h2 id="quiet-title" className="section-title">
        Quiet time
      </h2>
      {paused && app.notificationsPausedUntil ? (
        <div className="row">
          <p>Notifications paused until {formatClock(app.notificationsPausedUntil, now)}.</p>
          <button
            type="button"
            className="button secondary"
            aria-disabled={busy || undefined}
            onClick={() => {
              if (!busy) void resume();
            }}
          >
            Resume notifications
          </button>
        </div>
      ) : (
        <>
          <p className="muted">
            Checks keep running and the window stays up to date; only the pop-ups stop.
          </p>
          <div className="row">
            <button
              type="button"
              className="button secondary"
              aria-disabled={busy || undefined}
              onClick={() => {
                if (!busy) void pause({ minutes: 60 });
              }}
            >
              Pause for 1 hour
            </button>
            <button
              type="button"
              className="button secondary"
              aria-disabled={busy || undefined}
              onClick={() => {
                if (!busy) void pause({ until: 'tomorrow' });
              }}
            >
              Pause until tomorrow
            </button>
          </div>
        </>
      )}
    </section>
  );
}

function Account({ app }: { app: AppState }) {
  const signOut = useWindow((s) => s.signOut);
  const busy = useWindow((s) => s.busy.sign_out === true);
  const signedIn = app.snapshot.token.state !== 'signed_out';
  return (
    <section className="card" aria-labelledby="account-title">
      <h2 id="account-title" className="section-title">
        Account
      </h2>
      <SecretStorageWarning app={app} />
      {signedIn ? (
        <div className="row">
          <p>Signed in with read-only access ({app.snapshot.token.scope ?? MONITOR_SCOPE}).</p>
          <button
            type="button"
            className="button secondary"
            aria-disabled={busy || undefined}
            onClick={() => {
              if (!busy) void signOut();
            }}
          >
            {busy ? 'Signing out…' : 'Sign out'}
          </button>
        </div>
      ) : (
        <div className="row">
          <p>Not signed in.</p>
          <ActionButton action="sign_in" label="Sign in with CrossTrade" primary />
        </div>
      )}
      <p className="muted">CrossTrade MCP Monitor {app.appVersion}</p>
    </section>
  );
}

export function SettingsView({ app }: { app: AppState }) {
  return (
    <>
      <SettingsForm key={JSON.stringify(app.settings)} settings={app.settings} />
      <QuietTime app={app} />
      <Account app={app} />
    </>
  );
}
