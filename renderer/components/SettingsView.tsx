// The Settings tab: the MCP URL (validated as you type), the check interval, notification
// toggles per kind, launch at login, the local NinjaTrader check, quiet time and the account.
import { useId, useState, type FormEvent } from 'react';
import { MONITOR_SCOPE, OFFICIAL_MCP_URL } from '../../shared/crosstrade';
import type { AppState } from '../../shared/ipc';
import type { Settings, SettingsPatch } from '../../shared/settings';
import { checkMcpUrl, MAX_INTERVAL_SEC, MIN_INTERVAL_SEC } from '../../shared/settings-rules';
import {
  CME_GLOBEX,
  DAY_NAMES,
  formatDay,
  isTimeZone,
  parseDay,
  type TradingHours,
} from '../../shared/trading-hours';
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

const NT8_LOCATION_LABEL: Record<Settings['nt8Location'], string> = {
  auto: 'Find out by itself',
  local: 'On this computer',
  remote: 'On another computer (a VPS)',
};
const NT8_LOCATION_CHOICES = Object.keys(NT8_LOCATION_LABEL) as Array<Settings['nt8Location']>;

interface Draft {
  mcpUrl: string;
  interval: string;
  notifications: Settings['notifications'];
  launchAtLogin: boolean;
  nt8LocalCheck: boolean;
  checkForUpdates: boolean;
  nt8Location: Settings['nt8Location'];
  onlyDuringHours: boolean;
  timeZone: string;
  /** One text per day, Sunday first: "00:00–16:00, 17:00–24:00". */
  days: string[];
}

function draftOf(settings: Settings): Draft {
  return {
    mcpUrl: settings.mcpUrl,
    interval: String(settings.intervalSec),
    notifications: { ...settings.notifications },
    launchAtLogin: settings.launchAtLogin,
    nt8LocalCheck: settings.nt8LocalCheck,
    checkForUpdates: settings.checkForUpdates,
    nt8Location: settings.nt8Location,
    ...hoursDraft(settings.tradingHours),
  };
}

function hoursDraft(hours: TradingHours): Pick<Draft, 'onlyDuringHours' | 'timeZone' | 'days'> {
  return {
    onlyDuringHours: hours.onlyDuringHours,
    timeZone: hours.timeZone,
    days: hours.days.map(formatDay),
  };
}

/** The first thing wrong with the trading-hours part of the form, naming the day. */
export function hoursError(draft: Draft): string | undefined {
  if (!isTimeZone(draft.timeZone.trim())) {
    return `"${draft.timeZone}" is not a time zone. Use a name like America/Chicago.`;
  }
  for (const [index, text] of draft.days.entries()) {
    const parsed = parseDay(text);
    if (!parsed.ok) return `${DAY_NAMES[index] ?? 'A day'}: ${parsed.error}`;
  }
  return undefined;
}

function hoursOf(draft: Draft): TradingHours | undefined {
  if (hoursError(draft)) return undefined;
  return {
    onlyDuringHours: draft.onlyDuringHours,
    timeZone: draft.timeZone.trim(),
    days: draft.days.map((text) => {
      const parsed = parseDay(text);
      return parsed.ok ? parsed.day : [];
    }),
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
  if (draft.checkForUpdates !== settings.checkForUpdates) {
    patch.checkForUpdates = draft.checkForUpdates;
  }
  if (draft.nt8Location !== settings.nt8Location) patch.nt8Location = draft.nt8Location;
  const hours = hoursOf(draft);
  if (hours && JSON.stringify(hours) !== JSON.stringify(settings.tradingHours)) {
    patch.tradingHours = hours;
  }
  return patch;
}

function SettingsForm({ settings, learned }: { settings: Settings; learned?: string }) {
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
  const hoursProblem = hoursError(draft);
  const patch = patchOf(settings, draft);
  const dirty = Object.keys(patch).length > 0 || hoursProblem !== undefined;

  function update(change: Partial<Draft>) {
    clearFeedback();
    setDraft((current) => ({ ...current, ...change }));
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setTried(true);
    if (urlError || intervalProblem || hoursProblem) {
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
          Answers only on Windows, where it lets the monitor see NinjaTrader close within a second.
          It never looks when NinjaTrader runs on another computer.
        </p>
        <label className="toggle">
          <input
            type="checkbox"
            checked={draft.checkForUpdates}
            onChange={(event) => update({ checkForUpdates: event.target.checked })}
          />
          Check for updates (at start and every 6 hours; never restarts on its own)
        </label>
      </fieldset>
      <fieldset className="field" aria-describedby={`${id}-where-help`}>
        <legend>Where NinjaTrader 8 runs</legend>
        {NT8_LOCATION_CHOICES.map((where) => (
          <label key={where} className="toggle">
            <input
              type="radio"
              name={`${id}-nt8-location`}
              value={where}
              checked={draft.nt8Location === where}
              onChange={() => update({ nt8Location: where })}
            />
            {NT8_LOCATION_LABEL[where]}
          </label>
        ))}
        <p id={`${id}-where-help`} className="muted indent" data-testid="nt8-location-help">
          {learned ??
            'The monitor finds out by itself: the add-on answering while NinjaTrader is not running here means it runs on another computer. A Mac or Linux computer always counts as another computer.'}
        </p>
      </fieldset>
      <fieldset className="field trading-hours">
        <legend>Trading hours</legend>
        <label className="toggle">
          <input
            type="checkbox"
            checked={draft.onlyDuringHours}
            aria-describedby={`${id}-hours-help`}
            onChange={(event) => update({ onlyDuringHours: event.target.checked })}
          />
          Only alert during trading hours
        </label>
        <p id={`${id}-hours-help`} className="muted indent">
          Outside these hours NinjaTrader or the add-on being off shows grey as &ldquo;Market
          closed&rdquo;, without a notification. Sign-in and subscription problems still alert.
        </p>
        <div className="field">
          <label htmlFor={`${id}-tz`}>Time zone</label>
          <input
            id={`${id}-tz`}
            spellCheck={false}
            autoComplete="off"
            value={draft.timeZone}
            onChange={(event) => update({ timeZone: event.target.value })}
          />
        </div>
        {DAY_NAMES.map((day, index) => (
          <div key={day} className="field day">
            <label htmlFor={`${id}-day-${index}`}>{day}</label>
            <input
              id={`${id}-day-${index}`}
              spellCheck={false}
              autoComplete="off"
              placeholder="closed"
              value={draft.days[index] ?? ''}
              aria-invalid={!parseDay(draft.days[index] ?? '').ok || undefined}
              onChange={(event) =>
                update({
                  days: draft.days.map((text, i) => (i === index ? event.target.value : text)),
                })
              }
            />
          </div>
        ))}
        <div className="field-msg">
          {hoursProblem ? (
            <p className="error-text" data-testid="hours-error">
              <WarningIcon /> {hoursProblem}
            </p>
          ) : (
            <p className="muted">
              Open hours per day, e.g. 00:00–16:00, 17:00–24:00; leave a day empty when closed.
            </p>
          )}
        </div>
        <button
          type="button"
          className="link"
          onClick={() =>
            update(hoursDraft({ ...CME_GLOBEX, onlyDuringHours: draft.onlyDuringHours }))
          }
        >
          Use CME Globex hours (Sun 17:00 – Fri 16:00 US Central)
        </button>
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

/** What the checks taught about where NinjaTrader runs, for "Find out by itself". */
function learnedText(app: AppState): string | undefined {
  if (app.settings.nt8Location !== 'auto') return undefined;
  if (app.snapshot.nt8Location === 'remote') {
    return 'Found out: NinjaTrader runs on another computer.';
  }
  if (app.snapshot.nt8Location === 'local') return 'Found out: NinjaTrader runs on this computer.';
  return undefined;
}

export function SettingsView({ app }: { app: AppState }) {
  return (
    <>
      <SettingsForm
        key={JSON.stringify(app.settings)}
        settings={app.settings}
        {...(learnedText(app) ? { learned: learnedText(app) } : {})}
      />
      <QuietTime app={app} />
      <Account app={app} />
    </>
  );
}
