// The Details tab: what the last check learned about the add-on, the broker connections, the
// monitor's own sign-in and the server.
import { MIN_ADDON_VERSION, MONITOR_SCOPE } from '../../shared/crosstrade';
import type { HealthSnapshot, Nt8ProcessState, TokenStatus } from '../../shared/health';
import type { AppState } from '../../shared/ipc';
import { formatAgo, formatDuration, formatLatency } from '../../shared/format';
import { formatClock, timeOf } from '../format';
import { useNow } from '../useNow';
import { useWindow } from '../store';
import { ActionButton } from './ActionButton';
import { CheckCircleIcon, ExternalIcon, WarningIcon } from './Icons';

/**
 * The add-on version against the MCP minimum. Whether it is too old is diagnose()'s call (shared/),
 * read from the snapshot's problems, so the window never disagrees with the tray.
 */
function AddonVersion({ version, outdated }: { version: string | undefined; outdated: boolean }) {
  if (!version) return <>Not reported (no add-on connected)</>;
  const shown = `v${version.replace(/^v/i, '')}`;
  if (outdated) {
    return (
      <span className="bad">
        <WarningIcon /> {shown}: needs an update (MCP needs v{MIN_ADDON_VERSION} or newer with all
        its features)
      </span>
    );
  }
  return (
    <span className="good">
      <CheckCircleIcon /> {shown} (minimum v{MIN_ADDON_VERSION})
    </span>
  );
}

const NT8_PROCESS: Record<Nt8ProcessState, string> = {
  running: 'Running on this computer',
  not_running: 'Not running on this computer',
  unknown: 'Not checked here (NinjaTrader runs on another computer, or the check is off)',
};

function Capabilities({ snapshot }: { snapshot: HealthSnapshot }) {
  const caps = snapshot.capabilities;
  return (
    <section className="card" aria-labelledby="caps-title">
      <h2 id="caps-title" className="section-title">
        CrossTrade Add-On and NinjaTrader 8
      </h2>
      <dl className="rows">
        <div>
          <dt>Add-on version</dt>
          <dd>
            <AddonVersion
              version={caps?.addonVersion}
              outdated={snapshot.problems.some((p) => p.id === 'addon_outdated')}
            />
          </dd>
        </div>
        <div>
          <dt>NinjaTrader version</dt>
          <dd>{caps?.nt8Version ?? 'Not reported'}</dd>
        </div>
        <div>
          <dt>Features</dt>
          <dd>
            {caps && caps.features.length > 0 ? (
              <ul className="chips" aria-label="Add-on features">
                {caps.features.map((feature) => (
                  <li key={feature} className="chip">
                    {feature}
                  </li>
                ))}
              </ul>
            ) : (
              'None reported'
            )}
          </dd>
        </div>
        <div>
          <dt>Backtest engine</dt>
          <dd>
            {caps?.backtestEngine
              ? `${caps.backtestEngine.engine ?? 'unnamed engine'}${
                  caps.backtestEngine.available === false ? ' (unavailable)' : ' (available)'
                }`
              : 'Not reported'}
          </dd>
        </div>
        <div>
          <dt>NinjaTrader process</dt>
          <dd>{NT8_PROCESS[snapshot.nt8Process]}</dd>
        </div>
        {caps && caps.warnings.length > 0 && (
          <div>
            <dt>Warnings</dt>
            <dd>
              <ul className="plain">
                {caps.warnings.map((warning) => (
                  <li key={warning}>{warning}</li>
                ))}
              </ul>
            </dd>
          </div>
        )}
      </dl>
    </section>
  );
}

function Connections({ snapshot }: { snapshot: HealthSnapshot }) {
  const connections = snapshot.connections;
  return (
    <section className="card" aria-labelledby="connections-title">
      <h2 id="connections-title" className="section-title">
        Broker connections
      </h2>
      {connections && connections.length > 0 ? (
        <ul className="connections">
          {connections.map((connection) => {
            const up = connection.status === 'Connected';
            return (
              <li key={connection.name} className={up ? 'good' : 'bad'}>
                {up ? <CheckCircleIcon /> : <WarningIcon />}
                <span className="connection-name">{connection.name}</span>
                <span className="connection-status">{connection.status}</span>
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="muted">
          No connections reported yet. NinjaTrader lists them once the add-on is connected.
        </p>
      )}
    </section>
  );
}

const TOKEN_STATE: Record<TokenStatus['state'], string> = {
  signed_in: 'Signed in',
  signed_out: 'Signed out',
  rejected: 'Rejected by CrossTrade',
};

function expiry(iso: string | undefined, now: number): string {
  const at = timeOf(iso);
  if (at === undefined) return 'Not reported';
  return at > now ? `in ${formatDuration(at - now)}` : `expired ${formatAgo(now - at)}`;
}

function Token({ token }: { token: TokenStatus }) {
  const now = useNow();
  const refreshedAt = timeOf(token.lastRefreshAt);
  return (
    <section className="card" aria-labelledby="token-title">
      <h2 id="token-title" className="section-title">
        The monitor&rsquo;s sign-in
      </h2>
      <dl className="rows">
        <div>
          <dt>State</dt>
          <dd>{TOKEN_STATE[token.state]}</dd>
        </div>
        <div>
          <dt>Scope</dt>
          <dd>
            {token.scope ?? '—'}
            {token.scope === MONITOR_SCOPE && ' (read-only)'}
          </dd>
        </div>
        <div>
          <dt>Access expires</dt>
          <dd>{token.state === 'signed_out' ? '—' : expiry(token.accessExpiresAt, now)}</dd>
        </div>
        <div>
          <dt>Last refresh</dt>
          <dd>
            {refreshedAt === undefined
              ? 'Not yet'
              : `${formatAgo(now - refreshedAt)}${
                  token.lastRefreshResult === 'failed' ? ' (failed)' : ''
                }`}
          </dd>
        </div>
        {token.rejectedReason && (
          <div>
            <dt>Why rejected</dt>
            <dd>{token.rejectedReason}</dd>
          </div>
        )}
      </dl>
      <ActionButton action="open_ai_clients" label="Manage on AI Clients" />
    </section>
  );
}

function Server({ app }: { app: AppState }) {
  const { snapshot } = app;
  const now = useNow();
  const selfTest = snapshot.selfTest;
  return (
    <section className="card" aria-labelledby="server-title">
      <h2 id="server-title" className="section-title">
        Server
      </h2>
      <dl className="rows">
        <div>
          <dt>MCP URL</dt>
          <dd className="url">{snapshot.serverUrl || app.settings.mcpUrl}</dd>
        </div>
        <div>
          <dt>Response time</dt>
          <dd>
            {typeof snapshot.latencyMs === 'number' ? formatLatency(snapshot.latencyMs) : '—'}
          </dd>
        </div>
        <div>
          <dt>Last check</dt>
          <dd>{snapshot.status === 'checked' ? formatClock(snapshot.checkedAt, now) : '—'}</dd>
        </div>
        <div>
          <dt>Tools listed</dt>
          <dd>{snapshot.tools ? String(snapshot.tools.length) : '—'}</dd>
        </div>
        {selfTest && (
          <div>
            <dt>Self-test</dt>
            <dd>
              transport {selfTest.transport}
              {Object.entries(selfTest.categories)
                .filter(([, state]) => state !== 'ok')
                .map(([name, state]) => `; ${name} ${state}`)
                .join('')}
            </dd>
          </div>
        )}
      </dl>
    </section>
  );
}

export function DetailsView({ app }: { app: AppState }) {
  const run = useWindow((s) => s.run);
  return (
    <>
      <Capabilities snapshot={app.snapshot} />
      <Connections snapshot={app.snapshot} />
      <Token token={app.snapshot.token} />
      <Server app={app} />
      <p className="footnote muted">
        CrossTrade MCP Monitor {app.appVersion} ·{' '}
        <button type="button" className="link" onClick={() => void run('open_docs')}>
          CrossTrade MCP docs <ExternalIcon />
        </button>
      </p>
    </>
  );
}
