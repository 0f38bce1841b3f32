// The support report: what CrossTrade support needs (versions, the failing call, the capabilities
// answer, recent history) and nothing it must
// not see. Built as JSON, redacted once (account names aliased), then rendered as text from the
// redacted JSON so both forms carry the same aliases.
import { arch, platform, release } from 'node:os';
import type { AgentIncident } from '../../../shared/explain';
import { formatDuration, formatShare, hostOf, LEVEL_WORD } from '../../../shared/format';
import type { CallRecord, HealthSnapshot, Level } from '../../../shared/health';
import type { HistorySummary } from '../../../shared/history';
import { createRedactor } from '../../../shared/redact';
import { plainValue } from '../../../shared/sanitize';
import type { SupportReport } from '../engine-types';

export interface ReportInput {
  clientName: string;
  clientVersion: string;
  serverUrl: string;
  snapshot: HealthSnapshot;
  /** The most recent call that failed, with the time of its check. */
  lastFailure?: { call: CallRecord; at: string };
  /** The last GetMcpCapabilities payload, as CrossTrade sent it. */
  capabilities?: unknown;
  history: HistorySummary;
  /** Account names from ListAccounts, aliased "Account A", "Account B", … */
  accountNames: string[];
  now: number;
  /** A failure the trader saw in an AI client, as they described it in the window or doctor. */
  incident?: AgentIncident;
}

const INCIDENTS_IN_REPORT = 10;

/**
 * The capabilities payload as CrossTrade sent it is raw server data: bounded (a payload nested
 * thousands deep would overflow the stack of redaction and JSON) and made plain like the rest.
 */
const RAW_PAYLOAD_LIMITS = { maxDepth: 64, maxText: 2000, maxValues: 1000 };
/** The whole report: every string plain (no control or bidi characters) before redaction. */
const REPORT_LIMITS = { maxDepth: 64, maxText: 4000, maxValues: 5000 };
/** The pasted error is kept whole up to this many characters (redaction reads every one). */
const ERROR_LIMIT = 4000;

/** An ISO time, or null for anything that is not one (the trader typed it). */
function utc(iso: string | undefined): string | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

/** What the trader saw in their AI client; every field is theirs, so every field is redacted. */
function agentFailure(incident: AgentIncident | undefined): Record<string, unknown> | null {
  if (!incident) return null;
  return {
    client: incident.client?.trim() || null,
    clientVersion: incident.clientVersion?.trim() || null,
    failedAtUtc: utc(incident.failedAt),
    tool: incident.tool?.trim() || null,
    error: incident.error
      ? plainValue(incident.error, { ...RAW_PAYLOAD_LIMITS, maxText: ERROR_LIMIT })
      : null,
    matched: incident.matched ?? [],
  };
}

export function buildReport(input: ReportInput): SupportReport {
  const { snapshot } = input;
  const token = snapshot.token;
  const raw: Record<string, unknown> = {
    generatedAt: new Date(input.now).toISOString(),
    client: { name: input.clientName, version: input.clientVersion },
    agentFailure: agentFailure(input.incident),
    os: { platform: platform(), release: release(), arch: arch(), node: process.version },
    server: { host: hostOf(input.serverUrl), url: input.serverUrl },
    level: snapshot.level,
    checkedAt: snapshot.checkedAt,
    problems: snapshot.problems.map((p) => ({
      id: p.id,
      level: p.level,
      title: p.title,
      cause: p.cause,
    })),
    lastFailingCall: input.lastFailure
      ? {
          at: input.lastFailure.at,
          tool: input.lastFailure.call.name,
          outcome: input.lastFailure.call.outcome,
          status: input.lastFailure.call.status ?? null,
          errorCode: input.lastFailure.call.errorCode ?? null,
          error: input.lastFailure.call.message ?? input.lastFailure.call.text ?? null,
          // The SDK's message often repeats the body: keep it once.
          body:
            input.lastFailure.call.body &&
            !(input.lastFailure.call.message ?? '').includes(input.lastFailure.call.body)
              ? input.lastFailure.call.body
              : null,
        }
      : null,
    getMcpCapabilities:
      input.capabilities === undefined ? null : plainValue(input.capabilities, RAW_PAYLOAD_LIMITS),
    addonVersion: snapshot.capabilities?.addonVersion ?? null,
    nt8Version: snapshot.capabilities?.nt8Version ?? null,
    nt8Process: snapshot.nt8Process,
    connections: snapshot.connections ?? null,
    selfTest: snapshot.selfTest ?? null,
    toolsListed: snapshot.tools?.length ?? null,
    signIn: {
      state: token.state,
      scope: token.scope ?? null,
      accessExpiresAt: token.accessExpiresAt ?? null,
      // Keys naming a token are blanked by the redactor: say "refresh", not "refreshToken".
      refresh: token.refreshTokenPresent ? 'present' : 'absent',
      lastRefreshAt: token.lastRefreshAt ?? null,
      lastRefreshResult: token.lastRefreshResult ?? null,
      rejectedReason: token.rejectedReason ?? null,
    },
    recentIncidents: input.history.incidents.slice(0, INCIDENTS_IN_REPORT),
    uptime24h: input.history.uptime24h,
  };
  const redact = createRedactor({ aliases: input.accountNames });
  const json = redact(plainValue(raw, REPORT_LIMITS) as Record<string, unknown>);
  // The level is one of four words, never redacted: it is passed as it is.
  return { json, text: renderText(json, snapshot.level) };
}

function field(json: Record<string, unknown>, key: string): Record<string, unknown> {
  const value = json[key];
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function text(value: unknown, fallback = '—'): string {
  return value === null || value === undefined || value === '' ? fallback : String(value);
}

function renderText(json: Record<string, unknown>, level: Level): string {
  const lines: string[] = [];
  const client = field(json, 'client');
  const os = field(json, 'os');
  const server = field(json, 'server');
  lines.push('CrossTrade MCP Monitor: support report');
  lines.push(`Generated: ${text(json.generatedAt)} (UTC)`);
  lines.push(`Client: ${text(client.name)} ${text(client.version)}`);
  lines.push(
    `OS: ${text(os.platform)} ${text(os.release)} (${text(os.arch)}), Node ${text(os.node)}`,
  );
  lines.push(`Server: ${text(server.host)} (${text(server.url)})`);
  const agent = field(json, 'agentFailure');
  if (Object.keys(agent).length > 0) {
    lines.push('AI client failure (as the trader saw it):');
    lines.push(`  Client: ${text(agent.client)} ${text(agent.clientVersion, '')}`.trimEnd());
    lines.push(
      `  Time: ${agent.failedAtUtc === null ? '—' : `${text(agent.failedAtUtc)} (UTC, approximate)`}`,
    );
    lines.push(`  Tool: ${text(agent.tool)}`);
    lines.push(`  Error: ${text(agent.error)}`);
    const matched = Array.isArray(agent.matched) ? agent.matched.join(', ') : '';
    lines.push(`  Matches: ${matched || 'not one of the known CrossTrade errors'}`);
  }
  lines.push(`Status: ${LEVEL_WORD[level].toUpperCase()} (checked ${text(json.checkedAt)})`);
  const problems = Array.isArray(json.problems) ? (json.problems as Record<string, unknown>[]) : [];
  lines.push(problems.length ? 'Problems:' : 'Problems: none');
  for (const p of problems)
    lines.push(`  - ${text(p.id)} (${text(p.level)}): ${text(p.title)}. ${text(p.cause, '')}`);
  const failure = field(json, 'lastFailingCall');
  if (Object.keys(failure).length > 0) {
    const status = failure.status === null ? '' : ` HTTP ${text(failure.status)}`;
    const code = failure.errorCode === null ? '' : ` ${text(failure.errorCode)}`;
    lines.push(
      `Last failing call: ${text(failure.tool)} at ${text(failure.at)} (${text(failure.outcome)}${status}${code})`,
    );
    lines.push(`  Error: ${text(failure.error)}`);
    if (failure.body !== null) lines.push(`  Body: ${text(failure.body)}`);
  } else {
    lines.push('Last failing call: none');
  }
  lines.push(
    `Add-on: ${text(json.addonVersion)} · NinjaTrader: ${text(json.nt8Version)} · NT8 process here: ${text(json.nt8Process)}`,
  );
  lines.push(
    `GetMcpCapabilities: ${json.getMcpCapabilities === null ? '—' : JSON.stringify(json.getMcpCapabilities)}`,
  );
  const connections = Array.isArray(json.connections)
    ? (json.connections as Record<string, unknown>[])
    : [];
  if (connections.length) {
    lines.push(
      `Connections: ${connections.map((c) => `${text(c.name)} ${text(c.status)}`).join(', ')}`,
    );
  }
  const selfTest = field(json, 'selfTest');
  if (Object.keys(selfTest).length > 0) lines.push(`McpSelfTest: ${JSON.stringify(selfTest)}`);
  const signIn = field(json, 'signIn');
  // Before the first refresh there is nothing to date: say so rather than "— at —".
  const lastRefresh =
    signIn.lastRefreshResult === null || signIn.lastRefreshResult === undefined
      ? 'no refresh yet'
      : `last refresh ${text(signIn.lastRefreshResult)} at ${text(signIn.lastRefreshAt)}`;
  lines.push(
    `Sign-in: ${text(signIn.state)}, scope ${text(signIn.scope)}, access expires ${text(signIn.accessExpiresAt)}, ` +
      `refresh token ${text(signIn.refresh)}, ${lastRefresh}`,
  );
  if (signIn.rejectedReason !== null) lines.push(`  Rejected: ${text(signIn.rejectedReason)}`);
  const incidents = Array.isArray(json.recentIncidents)
    ? (json.recentIncidents as Record<string, unknown>[])
    : [];
  lines.push(incidents.length ? 'Recent incidents:' : 'Recent incidents: none');
  for (const i of incidents) {
    const ids = Array.isArray(i.problemIds) ? i.problemIds.join(', ') : '';
    const duration = typeof i.durationMs === 'number' ? formatDuration(i.durationMs) : 'ongoing';
    lines.push(`  - ${text(i.startedAt)} (${duration}, ${text(i.level)}): ${ids}`);
  }
  const uptime = typeof json.uptime24h === 'number' ? formatShare(json.uptime24h) : '—';
  lines.push(`Uptime, last 24 h: ${uptime}`);
  lines.push(
    'Tokens, account numbers, e-mail addresses and balances are removed from this report.',
  );
  return lines.join('\n');
}
