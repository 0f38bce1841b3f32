// The History tab: a 24-hour strip coloured by level (with a text summary for screen readers and
// anyone who does not tell the colours apart) and the incident list with durations.
import { useMemo } from 'react';
import { CATALOG } from '../../shared/catalog';
import type { Incident } from '../../shared/history';
import type { AppState } from '../../shared/ipc';
import { formatDuration, formatShare, LEVEL_WORD } from '../../shared/format';
import { formatClock, timeOf } from '../format';
import { buildStrip, describeStrip, STRIP_LABEL, type StripLevel } from '../history';
import { useNow } from '../useNow';
import { LevelIcon } from './Icons';

const LEGEND: StripLevel[] = ['ok', 'warning', 'error', 'unknown', 'none'];

function DayStrip({ app, now }: { app: AppState; now: number }) {
  // Buckets are 15 minutes wide: recompute once a minute, not on every tick of the clock.
  const minute = Math.floor(now / 60_000) * 60_000;
  const points = app.history.points;
  const strip = useMemo(() => buildStrip(points, minute), [points, minute]);
  const summary = describeStrip(strip);
  const uptime = app.history.uptime24h;
  return (
    <section className="card" aria-labelledby="strip-title">
      <h2 id="strip-title" className="section-title">
        Last 24 hours
      </h2>
      {uptime !== null && <p className="uptime">{formatShare(uptime)} of the time all good</p>}
      <figure className="strip-figure">
        <svg
          className="strip"
          viewBox={`0 0 ${strip.buckets.length} 1`}
          preserveAspectRatio="none"
          shapeRendering="crispEdges"
          role="img"
          aria-label={summary}
        >
          {strip.buckets.map((level, index) => (
            <rect key={index} x={index} y={0} width={1} height={1} className={`seg seg-${level}`} />
          ))}
        </svg>
        <div className="strip-axis" aria-hidden="true">
          <span>24 h ago</span>
          <span>12 h ago</span>
          <span>now</span>
        </div>
        <figcaption className="strip-summary">{summary}</figcaption>
      </figure>
      <ul className="legend" aria-hidden="true">
        {LEGEND.map((level) => (
          <li key={level}>
            <span className={`swatch seg-${level}`} />
            {STRIP_LABEL[level]}
          </li>
        ))}
      </ul>
    </section>
  );
}

function incidentDuration(incident: Incident, now: number): { text: string; ongoing: boolean } {
  const started = timeOf(incident.startedAt) ?? now;
  if (!incident.endedAt) {
    return { text: `ongoing, ${formatDuration(now - started)} so far`, ongoing: true };
  }
  const ms = incident.durationMs ?? (timeOf(incident.endedAt) ?? now) - started;
  return { text: `lasted ${formatDuration(ms)}`, ongoing: false };
}

function Incidents({ incidents, now }: { incidents: Incident[]; now: number }) {
  return (
    <section className="card" aria-labelledby="incidents-title">
      <h2 id="incidents-title" className="section-title">
        Incidents
      </h2>
      {incidents.length === 0 ? (
        <p className="muted">
          No incidents recorded. Problems the monitor sees will be listed here.
        </p>
      ) : (
        <ol className="incidents">
          {incidents.map((incident) => {
            const { text, ongoing } = incidentDuration(incident, now);
            const titles = incident.problemIds.map((id) => CATALOG[id]?.title ?? id);
            return (
              <li
                key={`${incident.startedAt}:${incident.problemIds.join(',')}`}
                className={`incident level-${incident.level}${ongoing ? ' ongoing' : ''}`}
              >
                <LevelIcon level={incident.level} />
                <div>
                  <p className="incident-title">
                    {titles.join(' · ') || LEVEL_WORD[incident.level]}
                  </p>
                  <p className="muted">
                    {LEVEL_WORD[incident.level]} · started {formatClock(incident.startedAt, now)} ·{' '}
                    {text}
                  </p>
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

export function HistoryView({ app }: { app: AppState }) {
  const now = useNow();
  return (
    <>
      <DayStrip app={app} now={now} />
      <Incidents incidents={app.history.incidents} now={now} />
    </>
  );
}
