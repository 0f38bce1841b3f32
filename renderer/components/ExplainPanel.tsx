// "I got an error in my AI client": the trader pastes what their agent showed; the window matches
// it to the known CrossTrade problems (pure shared code, run here), reads it together with the
// monitor's live check, and can copy a support report that carries it. The paste leaves the
// window only inside that report, which main redacts.
import { useId, useMemo, useState } from 'react';
import {
  explainTitle,
  explainWithLive,
  MAX_PASTE,
  UNKNOWN_ERROR,
  type AgentIncident,
  type ExplainResult,
} from '../../shared/explain';
import type { AppState } from '../../shared/ipc';
import { useWindow } from '../store';
import { ActionButton } from './ActionButton';
import { CopyIcon } from './Icons';

const OTHER = '__other__';

/** `YYYY-MM-DDTHH:mm` in local time, as a datetime-local input holds it. */
function localInputValue(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The local input as an ISO time in UTC, or undefined when it is not a time. */
function toIso(local: string): string | undefined {
  const ms = Date.parse(local);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

function utcWords(local: string): string {
  const iso = toIso(local);
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : '—';
}

const LIVE_WORDS: Record<ExplainResult['verdict']['kind'], string> = {
  agent: 'The monitor’s own check passes right now: the fault is on your AI client’s side.',
  shared: 'The monitor sees a problem too: fix that one first.',
  none: 'No live check to compare with: the monitor is not signed in or has not checked yet.',
};

function Result({ result }: { result: ExplainResult }) {
  const [top, ...others] = result.explanation.matches;
  return (
    <div className="explain-result" data-testid="explain-result" aria-live="polite">
      {top ? (
        <>
          <p className="eyebrow">Matched problem · {top.confidence} confidence</p>
          <h3 className={`level-${result.level}`} data-problem={top.id}>
            {explainTitle(top.id)}
          </h3>
          <p>{top.why}</p>
          {others.length > 0 && (
            <p className="muted">
              Also possible: {others.map((m) => explainTitle(m.id)).join(' · ')}
            </p>
          )}
        </>
      ) : (
        <h3 className="level-unknown">{UNKNOWN_ERROR}</h3>
      )}
      <p className="live-verdict" data-testid="live-verdict">
        <strong>Live check:</strong> {LIVE_WORDS[result.verdict.kind]}
      </p>
      <ol className="checklist" aria-label="What to do">
        {result.steps.map((step, index) => (
          <li key={step.text} className="step">
            <div className="step-body">
              <p>
                <span className="step-num" aria-hidden="true">
                  {index + 1}.
                </span>{' '}
                {step.text}
              </p>
              {step.action && <ActionButton action={step.action} />}
            </div>
          </li>
        ))}
      </ol>
    </div>
  );
}

export function ExplainPanel({ app }: { app: AppState }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [explained, setExplained] = useState<string | null>(null);
  const [client, setClient] = useState('');
  const [typedClient, setTypedClient] = useState('');
  const [clientVersion, setClientVersion] = useState('');
  const [when, setWhen] = useState(() => localInputValue(Date.now()));
  const [tool, setTool] = useState('');
  const copyReport = useWindow((s) => s.copyReport);
  const copying = useWindow((s) => s.busy.copy_report === true);

  const live = app.snapshot.status === 'checked' ? app.snapshot : null;
  // Re-read with every new check: the live verdict follows the chain as it changes.
  const result = useMemo(
    () => (explained === null ? null : explainWithLive(explained, live)),
    [explained, live],
  );
  const clients = [
    ...new Set((app.aiClients ?? []).filter((c) => c.status !== 'none').map((c) => c.client)),
  ];
  const clientName = client === OTHER || clients.length === 0 ? typedClient : client;

  function explain() {
    setExplained(text.slice(0, MAX_PASTE));
  }

  function copy() {
    if (!result || explained === null) return;
    const failedAt = toIso(when);
    const toolName = tool.trim() || result.explanation.tool;
    const incident: AgentIncident = {
      ...(clientName.trim() ? { client: clientName.trim().slice(0, 100) } : {}),
      ...(clientVersion.trim() ? { clientVersion: clientVersion.trim().slice(0, 50) } : {}),
      ...(failedAt ? { failedAt } : {}),
      ...(toolName ? { tool: toolName.slice(0, 100) } : {}),
      error: explained,
      matched: result.explanation.matches.map((m) => m.id),
    };
    void copyReport(incident);
  }

  return (
    <section className="card explain" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="section-title">
        <button
          type="button"
          className="link explain-toggle"
          aria-expanded={open}
          aria-controls={`${id}-body`}
          onClick={() => setOpen((v) => !v)}
        >
          I got an error in my AI client
        </button>
      </h2>
      {open && (
        <div id={`${id}-body`} className="explain-body">
          <p className="muted">
            Paste what Claude, Cursor, ChatGPT or another AI client showed. It is matched here, on
            this computer, to CrossTrade&rsquo;s known errors; tokens, e-mail addresses and account
            numbers are removed before anything is shown or copied.
          </p>
          <div className="field">
            <label htmlFor={`${id}-text`}>The error</label>
            <textarea
              id={`${id}-text`}
              rows={5}
              spellCheck={false}
              autoComplete="off"
              value={text}
              onChange={(event) => setText(event.target.value)}
            />
          </div>
          <div className="form-actions">
            <button
              type="button"
              className="button primary"
              disabled={text.trim() === ''}
              onClick={explain}
            >
              Explain
            </button>
          </div>
          {result && <Result result={result} />}
          {result && (
            <fieldset className="field explain-report">
              <legend>For a support ticket</legend>
              <div className="explain-grid">
                <label htmlFor={`${id}-client`}>AI client</label>
                <div className="explain-when">
                  {clients.length > 0 ? (
                    <select
                      id={`${id}-client`}
                      value={client}
                      onChange={(event) => setClient(event.target.value)}
                    >
                      <option value="">Choose…</option>
                      {clients.map((name) => (
                        <option key={name} value={name}>
                          {name}
                        </option>
                      ))}
                      <option value={OTHER}>Another client…</option>
                    </select>
                  ) : null}
                  {(clients.length === 0 || client === OTHER) && (
                    <input
                      id={clients.length === 0 ? `${id}-client` : `${id}-client-typed`}
                      aria-label={clients.length === 0 ? undefined : 'AI client name'}
                      type="text"
                      maxLength={100}
                      value={typedClient}
                      placeholder="e.g. Claude Desktop"
                      onChange={(event) => setTypedClient(event.target.value)}
                    />
                  )}
                </div>
                <label htmlFor={`${id}-version`}>Client version</label>
                <input
                  id={`${id}-version`}
                  type="text"
                  maxLength={50}
                  value={clientVersion}
                  placeholder="e.g. 0.14.3"
                  onChange={(event) => setClientVersion(event.target.value)}
                />
                <label htmlFor={`${id}-when`}>When it failed</label>
                <div className="explain-when">
                  <input
                    id={`${id}-when`}
                    type="datetime-local"
                    value={when}
                    aria-describedby={`${id}-utc`}
                    onChange={(event) => setWhen(event.target.value)}
                  />
                  <span id={`${id}-utc`} className="muted" data-testid="failed-at-utc">
                    {utcWords(when)}
                  </span>
                </div>
                <label htmlFor={`${id}-tool`}>Tool</label>
                <input
                  id={`${id}-tool`}
                  type="text"
                  maxLength={100}
                  value={tool}
                  placeholder={result.explanation.tool ?? 'e.g. ListPositions'}
                  onChange={(event) => setTool(event.target.value)}
                />
              </div>
              <button
                type="button"
                className="button secondary"
                aria-disabled={copying || undefined}
                onClick={() => {
                  if (!copying) copy();
                }}
              >
                <CopyIcon />
                <span>{copying ? 'Copying…' : 'Copy report'}</span>
              </button>
            </fieldset>
          )}
        </div>
      )}
    </section>
  );
}
