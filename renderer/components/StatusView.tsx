// The Status tab: the first-run / signed-out welcome, the active problem and its checklist, or the
// all-clear summary; then the other active problems and the AI-client findings.
import { MONITOR_SCOPE } from '../../shared/crosstrade';
import type { ClientConfigStatus } from '../../shared/client-audit';
import type { ClientFinding, Problem } from '../../shared/health';
import type { AppState } from '../../shared/ipc';
import { startOfLocalDay, uptimeSince } from '../../shared/uptime';
import { formatShare } from '../../shared/format';
import { primaryProblem } from '../primary-problem';
import { useNow } from '../useNow';
import { useWindow } from '../store';
import { Checklist } from './Checklist';
import { ExplainPanel } from './ExplainPanel';
import { CheckCircleIcon, LevelIcon, RefreshIcon, ShieldIcon, WarningIcon } from './Icons';
import { OtherProblems, ProblemCard } from './ProblemCard';

export function SecretStorageWarning({ app }: { app: AppState }) {
  if (app.secretStorage === 'encrypted') return null;
  const text =
    app.secretStorage === 'basic_text'
      ? 'Your CrossTrade sign-in is saved without system encryption: this desktop has no keyring (such as GNOME Keyring or KWallet) the monitor can use. Anyone who can read your files could read it. Set up a keyring, then sign in again.'
      : 'Your CrossTrade sign-in is kept in memory only, because this computer offers no secure storage. You will need to sign in again each time the monitor starts.';
  return (
    <div className="banner warning" data-testid="secret-storage-warning">
      <WarningIcon />
      <p>{text}</p>
    </div>
  );
}

/** Notices from main that are not health problems, e.g. settings that were reset. */
export function MainNotices({ app }: { app: AppState }) {
  if (!app.notices || app.notices.length === 0) return null;
  return (
    <>
      {app.notices.map((notice) => (
        <div key={notice.id} className={`banner ${notice.level}`} data-testid="main-notice">
          <WarningIcon />
          <p>{notice.text}</p>
        </div>
      ))}
    </>
  );
}

/** A downloaded update: "Restart to install vX.Y.Z", only ever on the trader's click. */
function UpdateBanner({ app }: { app: AppState }) {
  const install = useWindow((s) => s.installUpdate);
  const busy = useWindow((s) => s.busy.install_update === true);
  const label = app.update?.restartLabel;
  if (!label) return null;
  return (
    <div className="banner info" data-testid="update-ready">
      <RefreshIcon />
      <p>{app.update?.statusLine}</p>
      <button
        type="button"
        className="button secondary"
        aria-disabled={busy}
        onClick={() => void install()}
      >
        {label}
      </button>
    </div>
  );
}

function SignInBanner({ app }: { app: AppState }) {
  const { signIn } = app;
  if (signIn.state === 'waiting') {
    return (
      <div className="banner info" data-testid="sign-in-waiting">
        <ShieldIcon />
        <p>
          Finish signing in in your browser: approve read-only access ({MONITOR_SCOPE}), then come
          back here.
        </p>
      </div>
    );
  }
  if (signIn.state === 'failed') {
    return (
      <div className="banner error" role="alert" data-testid="sign-in-failed">
        <WarningIcon />
        <p>
          Sign-in did not finish.
          {signIn.message ? ` ${firstSentence(signIn.message)}` : ' Try again.'}
        </p>
      </div>
    );
  }
  return null;
}

function firstSentence(message: string): string {
  const line = message.split('\n')[0]?.trim() ?? '';
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

function Welcome({ problem }: { problem: Problem }) {
  return (
    <section className="card welcome" aria-labelledby="welcome-title" data-problem={problem.id}>
      <div className="welcome-icon">
        <ShieldIcon />
      </div>
      <h2 id="welcome-title">{problem.title}</h2>
      <p className="lead">
        CrossTrade MCP Monitor watches the chain your AI tools trade through: CrossTrade&rsquo;s MCP
        server, your sign-in, the CrossTrade Add-On inside NinjaTrader 8 and your broker
        connections. When a link breaks, it tells you what it saw and how to fix it.
      </p>
      <h3>What it asks for</h3>
      <p>
        <strong>Read-only access ({MONITOR_SCOPE}).</strong> The monitor only reads status: the
        add-on&rsquo;s capabilities, your connections and CrossTrade&rsquo;s self-test. CrossTrade
        gives each sign-in exactly one scope, so a read-only grant can never place, change or cancel
        an order. You can revoke it at any time on CrossTrade&rsquo;s AI Clients page.
      </p>
      <h3>How to start</h3>
      <Checklist problem={problem} leadAction signInLabel="Sign in with CrossTrade" />
    </section>
  );
}

function AllClear({ app }: { app: AppState }) {
  const { capabilities } = app.snapshot;
  const now = useNow();
  const uptime = uptimeSince(app.history.points, startOfLocalDay(now), now);
  return (
    <section className="card all-clear" aria-labelledby="all-clear-title">
      <div className="all-clear-icon">
        <CheckCircleIcon />
      </div>
      <h2 id="all-clear-title">All checks passed</h2>
      {/* Honest about its reach: the monitor checks its own read-only grant, not each AI client's. */}
      <p className="muted">
        The monitor&rsquo;s read-only check works: CrossTrade, your subscription and the add-on
        answer.
      </p>
      <p className="muted" data-testid="all-clear-hint">
        If an agent still fails, paste its error under &ldquo;I got an error in my AI client&rdquo;
        below.
      </p>
      <dl className="facts">
        <div>
          <dt>Add-on</dt>
          <dd>
            {capabilities?.addonVersion ? `v${capabilities.addonVersion.replace(/^v/, '')}` : '—'}
          </dd>
        </div>
        <div>
          <dt>NinjaTrader</dt>
          <dd>{capabilities?.nt8Version ?? '—'}</dd>
        </div>
        <div>
          <dt>Uptime today</dt>
          <dd>{uptime === null ? '—' : formatShare(uptime)}</dd>
        </div>
      </dl>
    </section>
  );
}

function Waiting({ app }: { app: AppState }) {
  const paused = app.snapshot.status === 'paused';
  return (
    <section className="card waiting" aria-labelledby="waiting-title">
      <div className="all-clear-icon">
        <LevelIcon level="unknown" paused={paused} />
      </div>
      <h2 id="waiting-title">{paused ? 'Checks are paused' : 'Waiting for the first check'}</h2>
      <p className="muted">
        {paused
          ? 'The monitor pauses while your computer sleeps and checks again shortly after it wakes.'
          : 'The monitor is asking CrossTrade how your MCP chain is doing. This takes a few seconds.'}
      </p>
    </section>
  );
}

/** Said wherever "none found" shows, so that it never reads as "all is well". */
export const WEB_CONNECTORS_NOTE =
  "Connectors added inside Claude's or ChatGPT's web settings live in your account, not on this computer, and cannot be audited from here: check them there.";

/** No CrossTrade entry on this computer: where the audit looked, and what it cannot see. */
function NoneFound({ searched }: { searched: string[] }) {
  return (
    <div data-testid="ai-clients-none-found">
      <p>
        No CrossTrade entry found in an AI client on this computer. Looked in{' '}
        {searched.length === 1 ? '1 place' : `${searched.length} places`}:
      </p>
      <ul className="muted path searched-places">
        {searched.map((place) => (
          <li key={place}>{place}</li>
        ))}
      </ul>
      <p className="muted">{WEB_CONNECTORS_NOTE}</p>
    </div>
  );
}

export function ClientFindings({
  findings,
  clients = [],
  searched,
}: {
  findings: ClientFinding[];
  clients?: ClientConfigStatus[];
  /** Where the audit looked; undefined until the first audit ran. */
  searched?: string[];
}) {
  const withCrossTrade = clients.filter((c) => c.status !== 'none');
  const noneFound = findings.length === 0 && withCrossTrade.length === 0;
  if (noneFound && searched === undefined) return null;
  return (
    <section className="card clients" aria-labelledby="clients-title">
      <h2 id="clients-title" className="section-title">
        Your AI clients
      </h2>
      {noneFound && searched !== undefined && <NoneFound searched={searched} />}
      {withCrossTrade.length > 0 && (
        <ul className="client-list" aria-label="AI clients with a CrossTrade entry">
          {withCrossTrade.map((client) => (
            <li key={client.path ?? client.file} data-testid="ai-client">
              <strong>{client.client}</strong>{' '}
              {client.parseError ? (
                <span className="chip level-warning">file does not parse</span>
              ) : (
                client.entries.map((entry) => (
                  <span
                    key={`${entry.project ?? ''}:${entry.name}`}
                    className={`chip ${entry.status === 'ok' ? 'level-ok' : 'level-warning'}`}
                  >
                    {entry.name}: {entry.status === 'ok' ? 'set up right' : 'needs a fix'}
                  </span>
                ))
              )}
            </li>
          ))}
        </ul>
      )}
      {findings.length > 0 && (
        <ul className="findings">
          {findings.map((finding, index) => (
            <li key={`${finding.file}:${finding.entry ?? ''}:${index}`}>
              <p className="finding-head">
                <strong>{finding.client}</strong>
                {finding.entry && <span className="chip">{finding.entry}</span>}
              </p>
              <p>{finding.problem}</p>
              <p>
                <span className="label">Fix:</span> {finding.fix}
              </p>
              <p className="muted path">{finding.file}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Where NinjaTrader runs, once the monitor knows (set in Settings or learned from checks). */
function Nt8Where({ app }: { app: AppState }) {
  const where = app.snapshot.nt8Location;
  if (where !== 'remote' && where !== 'local') return null;
  return (
    <p className="muted nt8-where" data-testid="nt8-location">
      {where === 'remote'
        ? 'NinjaTrader runs on another computer.'
        : 'NinjaTrader runs on this computer.'}
    </p>
  );
}

export function StatusView({ app }: { app: AppState }) {
  const primary = primaryProblem(app);
  const others = app.snapshot.problems.filter((p) => p !== primary);
  let main;
  if (primary?.id === 'signed_out') main = <Welcome problem={primary} />;
  else if (primary) main = <ProblemCard problem={primary} />;
  else if (app.snapshot.level === 'ok') main = <AllClear app={app} />;
  else main = <Waiting app={app} />;
  return (
    <>
      <MainNotices app={app} />
      <UpdateBanner app={app} />
      <SecretStorageWarning app={app} />
      <SignInBanner app={app} />
      {main}
      <Nt8Where app={app} />
      <OtherProblems problems={others} />
      <ClientFindings
        findings={app.snapshot.clientFindings ?? []}
        clients={app.aiClients ?? []}
        {...(app.aiClientsSearched ? { searched: app.aiClientsSearched } : {})}
      />
      <ExplainPanel app={app} />
    </>
  );
}
