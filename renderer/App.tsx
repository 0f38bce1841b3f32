// The window: header, a live region announcing level changes, tabs and the active view.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { MonitorBridge } from '../shared/ipc';
import { DetailsView } from './components/DetailsView';
import { Header } from './components/Header';
import { HistoryView } from './components/HistoryView';
import { WarningIcon } from './components/Icons';
import { SettingsView } from './components/SettingsView';
import { StatusView } from './components/StatusView';
import {
  createWindowStore,
  StoreContext,
  TABS,
  useWindow,
  type TabId,
  type WindowStore,
} from './store';

const TAB_LABEL: Record<TabId, string> = {
  status: 'Status',
  details: 'Details',
  history: 'History',
  settings: 'Settings',
};

function Tabs() {
  const tab = useWindow((s) => s.tab);
  const setTab = useWindow((s) => s.setTab);
  const problems = useWindow((s) => s.app?.snapshot.problems.length ?? 0);
  const level = useWindow((s) => s.app?.snapshot.level ?? 'unknown');
  const refs = useRef<Partial<Record<TabId, HTMLButtonElement | null>>>({});

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const index = TABS.indexOf(tab);
    let next: TabId | undefined;
    if (event.key === 'ArrowRight') next = TABS[(index + 1) % TABS.length];
    else if (event.key === 'ArrowLeft') next = TABS[(index - 1 + TABS.length) % TABS.length];
    else if (event.key === 'Home') next = TABS[0];
    else if (event.key === 'End') next = TABS[TABS.length - 1];
    if (!next) return;
    event.preventDefault();
    setTab(next);
    refs.current[next]?.focus();
  }

  return (
    <div className="tabs" role="tablist" aria-label="Monitor views" onKeyDown={onKeyDown}>
      {TABS.map((id) => (
        <button
          key={id}
          ref={(element) => {
            refs.current[id] = element;
          }}
          type="button"
          role="tab"
          id={`tab-${id}`}
          className="tab"
          aria-selected={id === tab}
          aria-controls={id === tab ? `panel-${id}` : undefined}
          tabIndex={id === tab ? 0 : -1}
          onClick={() => setTab(id)}
        >
          {TAB_LABEL[id]}
          {id === 'status' && problems > 0 && (
            <>
              <span className={`tab-count level-${level}`} aria-hidden="true">
                {problems}
              </span>
              <span className="sr-only">
                {` (${problems} ${problems === 1 ? 'problem' : 'problems'})`}
              </span>
            </>
          )}
        </button>
      ))}
    </div>
  );
}

function Notice() {
  const notice = useWindow((s) => s.notice);
  const dismiss = useWindow((s) => s.dismissNotice);
  if (!notice) return null;
  return (
    <div
      className={`notice ${notice.tone}`}
      role={notice.tone === 'error' ? 'alert' : 'status'}
      data-testid="notice"
    >
      <p>{notice.text}</p>
      <button type="button" className="link" onClick={dismiss}>
        Dismiss
      </button>
    </div>
  );
}

function Panel() {
  const tab = useWindow((s) => s.tab);
  const app = useWindow((s) => s.app);
  if (!app) return null;
  return (
    <main
      className="panel"
      role="tabpanel"
      id={`panel-${tab}`}
      aria-labelledby={`tab-${tab}`}
      tabIndex={-1}
    >
      {tab === 'status' && <StatusView app={app} />}
      {tab === 'details' && <DetailsView app={app} />}
      {tab === 'history' && <HistoryView app={app} />}
      {tab === 'settings' && <SettingsView app={app} />}
    </main>
  );
}

function Shell({ onRetry }: { onRetry: () => void }) {
  const app = useWindow((s) => s.app);
  const connection = useWindow((s) => s.connection);
  const connectionError = useWindow((s) => s.connectionError);
  const announcement = useWindow((s) => s.announcement);

  if (!app) {
    return (
      <div className="app">
        {connection === 'failed' ? (
          <section className="card start-failed" role="alert">
            <WarningIcon />
            <h1>The monitor is not answering</h1>
            <p>{connectionError}</p>
            <button type="button" className="button primary" onClick={onRetry}>
              Try again
            </button>
          </section>
        ) : (
          <p className="loading" role="status">
            Loading the monitor&rsquo;s status…
          </p>
        )}
      </div>
    );
  }
  return (
    <div className="app">
      <h1 className="sr-only">CrossTrade MCP Monitor</h1>
      <Header app={app} />
      <div className="sr-only" role="status" aria-live="polite" aria-atomic="true">
        {announcement}
      </div>
      <Tabs />
      <Notice />
      <Panel />
    </div>
  );
}

export function App({
  bridge,
  store: given,
}: {
  bridge: MonitorBridge | undefined;
  store?: WindowStore;
}) {
  const [store] = useState(() => given ?? createWindowStore(bridge));
  const [attempt, setAttempt] = useState(0);
  useEffect(() => store.getState().connect(), [store, attempt]);
  return (
    <StoreContext.Provider value={store}>
      <Shell onRetry={() => setAttempt((n) => n + 1)} />
    </StoreContext.Provider>
  );
}
