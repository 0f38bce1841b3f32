// diagnose(): one check's Observation (+ the previous snapshot) → the HealthSnapshot a trader sees.
// Findings come from diagnosis/findings.ts; this file assembles them into problems (merged per id,
// gated, ordered root cause first, all from the catalog) and carries slow-changing facts over.
// Pure and total: it never throws, and a shape it cannot read becomes `malformed_response`.
import { CATALOG } from './catalog';
import {
  CLOCK_SKEW_LIMIT_MS,
  LEGACY_MCP_HOST,
  MONITOR_SCOPE,
  scopesBeyondRead,
} from './crosstrade';
import { excerpt } from './diagnosis/evidence';
import { urlOf } from './format';
import {
  capabilityFindings,
  classifyCall,
  connectionFindings,
  selfTestFindings,
  toolFindings,
  type Finding,
} from './diagnosis/findings';
import {
  worstLevel,
  type CallRecord,
  type Capabilities,
  type HealthSnapshot,
  type Level,
  type Nt8HangEvidence,
  type Nt8Location,
  type Observation,
  type Problem,
  type ProblemId,
  type TokenStatus,
} from './health';
import { TOOL } from './mcp-tools';
import {
  addonSideEmpty,
  parseCapabilities,
  parseConnections,
  parseSelfTest,
  payloadOf,
} from './payloads';
import { redact } from './redact';
import { plainText } from './sanitize';

function lastCall(observation: Observation, name: string): CallRecord | undefined {
  return observation.calls.filter((c) => c.name === name).at(-1);
}

function toProblems(findings: Finding[], location: Nt8Location): Problem[] {
  const byId = new Map<ProblemId, string[]>();
  for (const finding of findings) {
    const causes = byId.get(finding.id) ?? [];
    if (!causes.includes(finding.cause)) causes.push(finding.cause);
    byId.set(finding.id, causes);
  }
  const ids = [...byId.keys()];
  const hasGate = ids.some((id) => CATALOG[id].gate);
  return ids
    .filter((id) => !hasGate || CATALOG[id].gate || CATALOG[id].local)
    .filter((id) => !(CATALOG[id].hiddenBy ?? []).some((other) => byId.has(other)))
    .sort((a, b) => CATALOG[a].rank - CATALOG[b].rank)
    .map((id) => {
      const entry = CATALOG[id];
      const cause = redact(plainText((byId.get(id) ?? []).join(' ') || entry.summary));
      const steps = location === 'remote' ? (entry.remoteSteps ?? entry.steps) : entry.steps;
      return { id, level: entry.level, title: entry.title, cause, steps };
    });
}

function diagnoseUnsafe(observation: Observation, previous?: HealthSnapshot): HealthSnapshot {
  const findings: Finding[] = [];
  const calls = observation.calls;

  if (urlOf(observation.serverUrl)?.hostname === LEGACY_MCP_HOST) {
    findings.push({
      id: 'endpoint_not_found',
      cause: `${LEGACY_MCP_HOST} is the legacy address; CrossTrade's MCP server is app.crosstrade.io.`,
    });
  }
  for (const call of calls) {
    const finding = classifyCall(call, observation);
    if (finding) findings.push(finding);
  }
  if (calls.length === 0 && observation.token.state === 'signed_out') {
    findings.push({ id: 'signed_out', cause: CATALOG.signed_out.summary });
  }

  let capabilities: Capabilities | undefined;
  const capabilitiesCall = lastCall(observation, TOOL.capabilities);
  if (capabilitiesCall?.outcome === 'ok') {
    const payload = payloadOf(capabilitiesCall);
    const parsed = payload.ok ? parseCapabilities(payload.value) : payload;
    if (parsed.ok) {
      capabilities = parsed.value;
      findings.push(...capabilityFindings(parsed.value));
    } else {
      findings.push({
        id: 'malformed_response',
        cause: `GetMcpCapabilities: ${parsed.reason} — ${excerpt(capabilitiesCall.text)}`,
      });
    }
  }
  const addonUp = capabilities ? !addonSideEmpty(capabilities) : undefined;
  // Slow-changing facts are re-read only every few checks; carry them over while the add-on is up.
  const carry = addonUp === true ? previous : undefined;

  const tools = observation.tools ?? carry?.tools;
  if (tools) findings.push(...toolFindings(tools, addonUp));

  let connections = carry?.connections;
  const connectionsCall = lastCall(observation, TOOL.connections);
  if (connectionsCall?.outcome === 'ok') {
    const payload = payloadOf(connectionsCall);
    const parsed = payload.ok ? parseConnections(payload.value) : payload;
    if (parsed.ok) connections = parsed.value;
    else findings.push({ id: 'malformed_response', cause: `GetConnections: ${parsed.reason}` });
  }
  if (connections && addonUp !== false) findings.push(...connectionFindings(connections));

  let selfTest = carry?.selfTest;
  const selfTestCall = lastCall(observation, TOOL.selfTest);
  if (selfTestCall?.outcome === 'ok') {
    const payload = payloadOf(selfTestCall);
    const parsed = payload.ok ? parseSelfTest(payload.value) : payload;
    if (parsed.ok) selfTest = parsed.value;
    else findings.push({ id: 'malformed_response', cause: `McpSelfTest: ${parsed.reason}` });
  }
  if (selfTest) {
    const outdated = findings.some((f) => f.id === 'addon_outdated');
    findings.push(...selfTestFindings(selfTest, outdated));
  }

  const extra =
    observation.token.state === 'signed_in' ? scopesBeyondRead(observation.token.scope) : [];
  if (extra.length > 0) {
    findings.push({
      id: 'scope_too_broad',
      cause: `CrossTrade granted "${observation.token.scope ?? ''}"; the monitor asked for ${MONITOR_SCOPE} only (${extra.join(', ')} can place or change trades).`,
    });
  }

  const skew = observation.clockSkewMs;
  if (typeof skew === 'number' && Math.abs(skew) > CLOCK_SKEW_LIMIT_MS) {
    const minutes = Math.round(Math.abs(skew) / 60_000);
    findings.push({
      id: 'clock_skew',
      cause: `CrossTrade's clock is ${minutes} min ${skew > 0 ? 'ahead of' : 'behind'} this computer's.`,
    });
  }

  const location: Nt8Location = observation.nt8Location ?? 'unknown';
  // The local process list speaks only for this computer: never when NT8 runs elsewhere.
  if (observation.nt8Process === 'not_running' && location !== 'remote') {
    if (findings.some((f) => f.id === 'addon_disconnected')) {
      findings.push({
        id: 'nt8_not_running',
        cause: `No NinjaTrader.exe process is running, and the add-on is unreachable.`,
      });
    } else if (findings.some((f) => f.id === 'nt8_unresponsive')) {
      findings.push({
        id: 'nt8_not_running',
        cause: `No NinjaTrader.exe process is running, so calls into NinjaTrader go unanswered.`,
      });
    }
  }
  if (observation.nt8Hang && findings.some((f) => f.id === 'nt8_unresponsive')) {
    findings.push({ id: 'nt8_unresponsive', cause: hangCause(observation.nt8Hang) });
  }
  if (observation.marketOpen === false) {
    const quiet = findings.filter((f) => CATALOG[f.id].offHours);
    if (quiet.length > 0) {
      findings.splice(0, findings.length, ...findings.filter((f) => !CATALOG[f.id].offHours));
      findings.push({
        id: 'market_closed',
        cause: `Outside your trading hours: ${quiet.map((f) => CATALOG[f.id].title).join('; ')}.`,
      });
    }
  }

  const findingsCount = observation.clientFindings?.length ?? 0;
  if (findingsCount > 0) {
    findings.push({
      id: 'client_misconfigured',
      cause: (observation.clientFindings ?? [])
        .map((f) => `${f.client}${f.entry ? ` (${f.entry})` : ''}: ${f.problem}`)
        .join('; '),
    });
  }

  const problems = toProblems(findings, location);
  const checkedOk = capabilitiesCall?.outcome === 'ok';
  const level: Level = problems.reduce<Level>(
    (worst, p) => worstLevel(worst, p.level),
    checkedOk ? 'ok' : 'unknown',
  );

  const snapshot: HealthSnapshot = {
    level,
    problems,
    status: 'checked',
    checkedAt: observation.checkedAt,
    serverUrl: observation.serverUrl,
    token: observation.token,
    nt8Process: observation.nt8Process,
  };
  if (observation.nt8Location) snapshot.nt8Location = observation.nt8Location;
  if (typeof observation.latencyMs === 'number') snapshot.latencyMs = observation.latencyMs;
  if (capabilities) snapshot.capabilities = capabilities;
  if (connections) snapshot.connections = connections;
  if (selfTest) snapshot.selfTest = selfTest;
  if (tools) snapshot.tools = [...tools];
  if (observation.clientFindings) snapshot.clientFindings = observation.clientFindings;
  return snapshot;
}

/** What Windows said about a hung NinjaTrader, in the trader's words. */
function hangCause(hang: Nt8HangEvidence): string {
  const dialogs = hang.dialogs.map((title) => `'${title}'`).join(', ');
  if (hang.responding === false && dialogs) {
    return `Windows says NinjaTrader is not responding; it shows a dialog: ${dialogs}.`;
  }
  if (hang.responding === false) return 'Windows says NinjaTrader is not responding.';
  if (dialogs) return `NinjaTrader shows a dialog: ${dialogs}.`;
  return 'Windows says NinjaTrader is responding and shows no dialog.';
}

const EMPTY_TOKEN: TokenStatus = { state: 'signed_out', refreshTokenPresent: false };

/** Pure and total: never throws; an observation it cannot read becomes `malformed_response`. */
export function diagnose(observation: Observation, previous?: HealthSnapshot): HealthSnapshot {
  try {
    return diagnoseUnsafe(observation, previous);
  } catch (error) {
    const entry = CATALOG.malformed_response;
    const safe = (value: unknown, fallback: string): string =>
      typeof value === 'string' ? value : fallback;
    const o = (
      typeof observation === 'object' && observation !== null ? observation : {}
    ) as Partial<Observation>;
    return {
      level: 'error',
      problems: [
        {
          id: 'malformed_response',
          level: entry.level,
          title: entry.title,
          cause: redact(
            `This check's results could not be read (${error instanceof Error ? error.message : 'unknown error'}).`,
          ),
          steps: entry.steps,
        },
      ],
      status: 'checked',
      checkedAt: safe(o.checkedAt, new Date(0).toISOString()),
      serverUrl: safe(o.serverUrl, ''),
      token: EMPTY_TOKEN,
      nt8Process: 'unknown',
    };
  }
}
