// The top of the window: a large status badge (colour + icon + words), when the last check ran
// and when the next one will, the response time, and Check now.
import type { AppState } from '../../shared/ipc';
import { formatAgo, formatIn, formatLatency } from '../../shared/format';
import { statusWords, timeOf } from '../format';
import { primaryProblem } from '../primary-problem';
import { useNow } from '../useNow';
import { ActionButton } from './ActionButton';
import { LevelIcon } from './Icons';

function detailLine(app: AppState): string {
  const { snapshot } = app;
  const first = primaryProblem(app);
  if (snapshot.status === 'paused') return 'Checks resume when your computer wakes up.';
  if (first) {
    const more = snapshot.problems.length - 1;
    return more > 0 ? `${first.title} (+${more} more)` : first.title;
  }
  if (snapshot.level === 'ok') return 'CrossTrade, the add-on and NinjaTrader 8 all answer.';
  if (snapshot.status === 'pending') return 'Waiting for the first check.';
  return 'The last check could not tell.';
}

function CheckTimes({ app }: { app: AppState }) {
  const now = useNow();
  const { snapshot } = app;
  const parts: string[] = [];
  const checkedAt = timeOf(snapshot.checkedAt);
  const nextAt = timeOf(app.nextCheckAt);
  if (app.checking) {
    parts.push('Checking now…');
  } else if (snapshot.status === 'paused') {
    parts.push('Checks paused');
  } else if (snapshot.status === 'pending' || checkedAt === undefined) {
    parts.push('First check pending');
  } else {
    parts.push(`Checked ${formatAgo(now - checkedAt)}`);
    if (nextAt !== undefined) parts.push(`next ${formatIn(nextAt - now)}`);
  }
  if (typeof snapshot.latencyMs === 'number' && snapshot.status === 'checked') {
    parts.push(`response ${formatLatency(snapshot.latencyMs)}`);
  }
  return <p className="check-times">{parts.join(' · ')}</p>;
}

export function Header({ app }: { app: AppState }) {
  const { snapshot } = app;
  const paused = snapshot.status === 'paused';
  return (
    <header className={`header level-${snapshot.level}`}>
      <div className="badge" data-level={snapshot.level}>
        <span className="badge-icon">
          <LevelIcon level={snapshot.level} paused={paused} />
        </span>
        <div className="badge-text">
          <p className="badge-words">{statusWords(snapshot)}</p>
          <p className="badge-detail">{detailLine(app)}</p>
        </div>
      </div>
      <div className="header-row">
        <CheckTimes app={app} />
        <ActionButton action="check_now" className="check-now" />
      </div>
    </header>
  );
}
