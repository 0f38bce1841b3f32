// doctor's output: the JSON contract (one object per check: level, problems, capabilities, token,
// checkedAt, latencyMs; never a secret) and the human text (a coloured verdict line,
// the problems with their checklists, sign-in and capabilities summaries).
import { formatAgo, formatIn, hostOf, LEVEL_WORD } from '../shared/format';
import type { HealthSnapshot, Level, TokenStatus } from '../shared/health';
import { redact } from '../shared/redact';
import { plainText, plainValue } from '../shared/sanitize';
import type { Transition } from '../electron/monitor/engine-types';

/**
 * Server text as printed: no control or bidi characters (a server must not clear the screen or
 * reverse a line) and redacted. Snapshots arrive that way already; this holds whatever built them.
 */
function shown(text: string): string {
  return redact(plainText(text));
}

/** Server data as printed in --json: bounded in depth and size, plain and redacted. */
function shownValue(value: unknown): unknown {
  return redact(plainValue(value, { maxDepth: 64, maxText: 2000, maxValues: 2000 }));
}

/** One JSON object per check, its fields a stable contract for scripts. Secrets never reach a snapshot. */
export function snapshotJson(snapshot: HealthSnapshot): Record<string, unknown> {
  return {
    level: snapshot.level,
    problems: snapshot.problems.map((p) => ({
      id: p.id,
      level: p.level,
      title: p.title,
      cause: shown(p.cause),
      steps: p.steps,
    })),
    capabilities: snapshot.capabilities ? shownValue(snapshot.capabilities) : null,
    token: shownValue(snapshot.token),
    checkedAt: snapshot.checkedAt,
    latencyMs: snapshot.latencyMs ?? null,
  };
}

export interface Style {
  level(level: Level, text: string): string;
  bold(text: string): string;
  dim(text: string): string;
}

const ANSI = { reset: '\u001b[0m', bold: '\u001b[1m', dim: '\u001b[2m' };
const LEVEL_COLOUR: Record<Level, string> = {
  ok: '\u001b[32m',
  warning: '\u001b[33m',
  error: '\u001b[31m',
  unknown: '\u001b[90m',
};

export function createStyle(colour: boolean): Style {
  if (!colour) return { level: (_l, t) => t, bold: (t) => t, dim: (t) => t };
  return {
    level: (level, text) => `${LEVEL_COLOUR[level]}${ANSI.bold}${text}${ANSI.reset}`,
    bold: (text) => `${ANSI.bold}${text}${ANSI.reset}`,
    dim: (text) => `${ANSI.dim}${text}${ANSI.reset}`,
  };
}

/** doctor shouts the level: "OK", "WARNING", "ERROR", "UNKNOWN". */
function levelWord(level: Level): string {
  return LEVEL_WORD[level].toUpperCase();
}
const PROBLEM_MARK: Record<Exclude<Level, 'ok'>, string> = {
  warning: '!',
  error: '✖',
  unknown: '?',
};

function clock(iso: string): string {
  return iso.slice(11, 19);
}

function headline(snapshot: HealthSnapshot): string {
  const [first, ...others] = snapshot.problems;
  if (!first) {
    return snapshot.level === 'ok' ? 'All checks passed' : 'No answer yet';
  }
  return others.length > 0 ? `${first.title} (+${others.length} more)` : first.title;
}

/** The one-line verdict: "● ERROR  The CrossTrade Add-On is disconnected · host · 18:03:21 UTC, 9 ms". */
export function verdictLine(snapshot: HealthSnapshot, style: Style): string {
  const latency = typeof snapshot.latencyMs === 'number' ? `, ${snapshot.latencyMs} ms` : '';
  return (
    `${style.level(snapshot.level, `● ${levelWord(snapshot.level)}`)}  ${style.bold(headline(snapshot))}` +
    style.dim(`  · ${hostOf(snapshot.serverUrl)} · ${clock(snapshot.checkedAt)} UTC${latency}`)
  );
}

export function tokenSummary(token: TokenStatus, now: number): string {
  if (token.state === 'signed_out') return 'not signed in';
  const parts: string[] = [token.state === 'rejected' ? 'rejected by CrossTrade' : 'signed in'];
  if (token.scope) parts.push(shown(token.scope));
  if (token.accessExpiresAt) {
    const left = Date.parse(token.accessExpiresAt) - now;
    parts.push(
      left > 0 ? `access expires ${formatIn(left)}` : `access expired ${formatAgo(-left)}`,
    );
  }
  parts.push(token.refreshTokenPresent ? 'refresh token present' : 'no refresh token');
  if (token.lastRefreshAt) {
    parts.push(
      `last refresh ${token.lastRefreshResult ?? '?'} at ${clock(token.lastRefreshAt)} UTC`,
    );
  }
  if (token.rejectedReason) parts.push(shown(token.rejectedReason));
  return parts.join(' · ');
}

function row(style: Style, label: string, value: string): string {
  return `${style.dim(label.padEnd(12))}${value}`;
}

/** The full human report of one check. */
export function humanReport(snapshot: HealthSnapshot, style: Style, now: number): string {
  const lines = [verdictLine(snapshot, style)];
  if (snapshot.problems.length > 0) {
    lines.push('');
    for (const problem of snapshot.problems) {
      lines.push(
        `${style.level(problem.level, PROBLEM_MARK[problem.level])} ${style.bold(problem.title)} ${style.dim(`[${problem.id}]`)}`,
      );
      lines.push(`  ${style.dim('Seen:')} ${shown(problem.cause)}`);
      problem.steps.forEach((step, index) => lines.push(`  ${index + 1}. ${step.text}`));
      lines.push('');
    }
  } else if (snapshot.level === 'ok') {
    // Honest about its reach: the monitor checks its own read-only grant, not each AI client's.
    lines.push(
      "The monitor's read-only check works: CrossTrade, your subscription and the add-on answer.",
    );
    lines.push(
      style.dim('If an agent still fails, paste its error: npm run doctor -- explain "the error"'),
    );
    lines.push('');
  } else {
    lines.push('');
  }
  lines.push(row(style, 'Sign-in', tokenSummary(snapshot.token, now)));
  const caps = snapshot.capabilities;
  if (caps) {
    const parts = [
      `add-on ${caps.addonVersion ? `v${shown(caps.addonVersion)}` : 'not connected'}`,
      `NinjaTrader ${caps.nt8Version ? shown(caps.nt8Version) : '—'}`,
      caps.features.length ? `features: ${shown(caps.features.join(', '))}` : 'no features',
    ];
    lines.push(row(style, 'Add-on', parts.join(' · ')));
  }
  if (snapshot.tools) lines.push(row(style, 'Tools', `${snapshot.tools.length} listed`));
  if (snapshot.connections?.length) {
    lines.push(
      row(
        style,
        'Connections',
        shown(snapshot.connections.map((c) => `${c.name} ${c.status}`).join(' · ')),
      ),
    );
  }
  if (snapshot.selfTest) {
    const categories = Object.entries(snapshot.selfTest.categories);
    const notOk = categories.filter(([, state]) => state !== 'ok');
    const summary = notOk.length
      ? notOk.map(([name, state]) => `${name} ${state}`).join(', ')
      : categories.length
        ? `${categories.length} categories ok`
        : 'no add-on categories';
    lines.push(
      row(style, 'Self-test', shown(`transport ${snapshot.selfTest.transport} · ${summary}`)),
    );
  }
  if (snapshot.nt8Location === 'remote') {
    lines.push(row(style, 'NinjaTrader', 'runs on another computer'));
  } else if (snapshot.nt8Process !== 'unknown') {
    lines.push(
      row(
        style,
        'NinjaTrader',
        snapshot.nt8Process === 'running' ? 'running here' : 'not running here',
      ),
    );
  }
  return lines.join('\n');
}

/** --watch: one line per check. */
export function watchLine(snapshot: HealthSnapshot, style: Style): string {
  const ids = snapshot.problems.map((p) => p.id).join(', ') || 'healthy';
  const latency = typeof snapshot.latencyMs === 'number' ? `${snapshot.latencyMs} ms` : '';
  return `${clock(snapshot.checkedAt)}  ${style.level(snapshot.level, `● ${levelWord(snapshot.level).padEnd(7)}`)} ${latency.padStart(7)}  ${ids}`;
}

/** --watch: a change worth telling (survived damping), highlighted. */
export function transitionLine(transition: Transition, style: Style): string {
  const what =
    transition.kind === 'fixed'
      ? 'FIXED: back to OK'
      : transition.kind === 'broken'
        ? `BROKEN: ${transition.added.join(', ')}`
        : `CHANGED: now ${levelWord(transition.to)}${transition.removed.length ? ` (cleared ${transition.removed.join(', ')})` : ''}`;
  return style.level(transition.to, `  » ${what}`);
}
