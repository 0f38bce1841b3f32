// diagnose(): one check's Observation (+ the previous snapshot) → the HealthSnapshot a trader sees.
// Pure and total: it never throws, and a shape it cannot read becomes `malformed_response`.
import { CATALOG } from './catalog';
import {
  ADDON_READ_TOOLS,
  CLOCK_SKEW_LIMIT_MS,
  LEGACY_MCP_HOST,
  MIN_ADDON_VERSION,
  MONITOR_TOOLS,
} from './crosstrade';
import {
  PROBLEM_IDS,
  worstLevel,
  type BrokerConnection,
  type CallRecord,
  type Capabilities,
  type HealthSnapshot,
  type Level,
  type Observation,
  type Problem,
  type ProblemId,
  type SelfTest,
  type TokenStatus,
} from './health';
import {
  addonSideEmpty,
  parseCapabilities,
  parseConnections,
  parseSelfTest,
  payloadOf,
} from './payloads';
import { redact } from './redact';
import { plainText } from './sanitize';
import { checkAddonVersion } from './version';

interface Finding {
  id: ProblemId;
  cause: string;
}

/** Root cause first: a problem earlier here explains the ones after it. */
const RANK: readonly ProblemId[] = [
  'network_unreachable',
  'endpoint_not_found',
  'discovery_failed',
  'clock_skew',
  'signed_out',
  'token_invalid',
  'server_error',
  'rate_limited',
  'malformed_response',
  'subscription_required',
  'insufficient_scope',
  'nt8_not_running',
  'addon_disconnected',
  'nt8_unresponsive',
  'addon_outdated',
  'broker_disconnected',
  'tools_missing',
  'selftest_degraded',
  'client_misconfigured',
];

/** Problems that stop a check from seeing anything behind them. */
const GATES: ReadonlySet<ProblemId> = new Set([
  'network_unreachable',
  'endpoint_not_found',
  'discovery_failed',
  'signed_out',
  'token_invalid',
]);
/** Problems seen locally, true whatever the server said. */
const LOCAL: ReadonlySet<ProblemId> = new Set(['clock_skew', 'client_misconfigured']);

const ADDON_DOWN_TEXT =
  /addon[_ ]disconnected|add-on (is )?(not connected|disconnected)|no add-?on/i;
const ELITE_TEXT = /elite subscription|subscription_required/i;
const SCOPE_TEXT = /insufficient_scope/i;
const TIMEOUT_TEXT = /timed? ?out|timeout/i;
const RATE_TEXT = /rate limit|too many requests/i;
const OUTDATED_TEXT = /outdated|update (the )?(crosstrade )?add-?on|upgrade|older add-?on/i;

const CONNECTED = 'Connected';

function excerpt(text: string | undefined, max = 160): string {
  if (!text) return '';
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

const DETAIL_KEYS = ['message', 'error_description', 'error'] as const;

/**
 * The server's own words, as a trader can read them: without the SDK's "Error POSTing to
 * endpoint:" wrapper, and the `message` (else `error_description`, `error`) of a JSON body.
 */
function serverWords(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const unwrapped = text.replace(/^Error POSTing to endpoint:\s*/i, '').trim();
  let parsed: unknown;
  try {
    parsed = JSON.parse(unwrapped);
  } catch {
    return unwrapped;
  }
  if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
    const fields = parsed as Record<string, unknown>;
    for (const key of DETAIL_KEYS) {
      const value = fields[key];
      if (typeof value === 'string' && value.trim() !== '') return value;
    }
  }
  return unwrapped;
}

/** "GetConnections: HTTP 408 — addon_disconnected: The CrossTrade Add-On is not connected." */
function describe(call: CallRecord): string {
  const parts: string[] = [];
  if (typeof call.status === 'number') parts.push(`HTTP ${call.status}`);
  if (call.outcome === 'timeout') {
    parts.push(
      `no answer after ${call.ms < 1000 ? `${call.ms} ms` : `${Math.round(call.ms / 1000)} s`}`,
    );
  }
  if (call.errorCode !== undefined && call.errorCode !== '') parts.push(String(call.errorCode));
  // A bare 403 may say why only in its header (RFC 6750 `error="insufficient_scope"`): show it.
  const challenge = call.headers?.wwwAuthenticate;
  const detail =
    excerpt(serverWords(call.message)) ||
    excerpt(serverWords(call.body)) ||
    excerpt(call.text) ||
    (challenge ? `WWW-Authenticate: ${excerpt(challenge)}` : '');
  return `${call.name}: ${parts.join(' ')}${detail ? ` — ${detail}` : ''}`.replace(': —', ' —');
}

function classifyHttp(call: CallRecord, status: number, token: TokenStatus): Finding {
  const evidence = describe(call);
  const text = `${call.body ?? ''} ${call.message ?? ''} ${call.headers?.wwwAuthenticate ?? ''}`;
  if (status === 401)
    return { id: token.state === 'signed_out' ? 'signed_out' : 'token_invalid', cause: evidence };
  if (status === 403) {
    if (ELITE_TEXT.test(text)) return { id: 'subscription_required', cause: evidence };
    if (SCOPE_TEXT.test(text)) return { id: 'insufficient_scope', cause: evidence };
    return { id: 'token_invalid', cause: `CrossTrade refused access. ${evidence}` };
  }
  if (status === 408) return { id: 'addon_disconnected', cause: evidence };
  if (status === 429) {
    const retry = call.headers?.retryAfter;
    return { id: 'rate_limited', cause: `${evidence}${retry ? ` (retry after ${retry} s)` : ''}` };
  }
  if (status >= 500) return { id: 'server_error', cause: evidence };
  if (status >= 300 && status < 400) {
    return { id: 'endpoint_not_found', cause: `The MCP address redirects elsewhere. ${evidence}` };
  }
  if ((status === 404 || status === 405) && call.name === 'connect') {
    return { id: 'endpoint_not_found', cause: evidence };
  }
  if (status === 404 && /session/i.test(text)) {
    return { id: 'server_error', cause: `The MCP session kept being dropped. ${evidence}` };
  }
  if (status === 404) return { id: 'endpoint_not_found', cause: evidence };
  if (status === 400 && /invalid_grant/.test(text)) return { id: 'token_invalid', cause: evidence };
  return { id: 'server_error', cause: evidence };
}

function classifyText(call: CallRecord, text: string): Finding | undefined {
  const evidence = describe(call);
  if (ADDON_DOWN_TEXT.test(text)) return { id: 'addon_disconnected', cause: evidence };
  if (ELITE_TEXT.test(text)) return { id: 'subscription_required', cause: evidence };
  if (SCOPE_TEXT.test(text)) return { id: 'insufficient_scope', cause: evidence };
  if (RATE_TEXT.test(text)) return { id: 'rate_limited', cause: evidence };
  if (TIMEOUT_TEXT.test(text)) return { id: 'nt8_unresponsive', cause: evidence };
  return undefined;
}

/** What a failed call says about the chain; undefined for a call that succeeded. */
function classifyCall(call: CallRecord, observation: Observation): Finding | undefined {
  const evidence = describe(call);
  const { token } = observation;
  switch (call.outcome) {
    case 'ok':
      return undefined;
    case 'network_error':
      return { id: 'network_unreachable', cause: evidence };
    case 'unauthorized':
      return {
        id: token.state === 'signed_out' ? 'signed_out' : 'token_invalid',
        cause: token.rejectedReason ? `${token.rejectedReason} (${evidence})` : evidence,
      };
    case 'insufficient_scope':
      return { id: 'insufficient_scope', cause: evidence };
    case 'timeout': {
      const serverAnswered = observation.calls.some((c) => c.outcome === 'ok');
      const beforeSession = call.name === 'connect' || call.name === 'tools/list';
      return beforeSession || !serverAnswered
        ? { id: 'network_unreachable', cause: `CrossTrade did not answer. ${evidence}` }
        : { id: 'nt8_unresponsive', cause: evidence };
    }
    case 'unexpected_content':
      return /html/i.test(`${call.headers?.contentType ?? ''} ${call.message ?? ''}`)
        ? {
            id: 'endpoint_not_found',
            cause: `The address answered with a web page, not MCP. ${evidence}`,
          }
        : { id: 'malformed_response', cause: evidence };
    case 'invalid_result':
      return { id: 'malformed_response', cause: evidence };
    case 'auth_error': {
      const text = `${call.errorClass ?? ''} ${call.errorCode ?? ''} ${call.message ?? ''}`;
      if (/invalid_grant|invalid_token/i.test(text))
        return { id: 'token_invalid', cause: evidence };
      if (typeof call.status === 'number' && call.status === 429) {
        return {
          id: 'discovery_failed',
          cause: `Client registration was rate-limited. ${evidence}`,
        };
      }
      return { id: 'discovery_failed', cause: evidence };
    }
    case 'http_error':
      return classifyHttp(call, typeof call.status === 'number' ? call.status : 0, token);
    case 'rpc_error': {
      const text = `${call.message ?? ''} ${call.body ?? ''}`;
      const byText = classifyText(call, text);
      if (byText) return byText;
      if (call.errorCode === -32601 || call.errorCode === -32602) {
        return { id: 'tools_missing', cause: evidence };
      }
      if (call.errorCode === -32700 || call.errorCode === -32600) {
        return { id: 'malformed_response', cause: evidence };
      }
      return { id: 'server_error', cause: evidence };
    }
    case 'tool_error':
      return (
        classifyText(call, `${call.text ?? ''} ${call.message ?? ''}`) ?? {
          id: 'server_error',
          cause: evidence,
        }
      );
    default:
      return { id: 'malformed_response', cause: evidence };
  }
}

function capabilityFindings(capabilities: Capabilities): Finding[] {
  if (addonSideEmpty(capabilities)) {
    return [
      {
        id: 'addon_disconnected',
        cause: 'GetMcpCapabilities answered with an empty add-on side: no add-on is connected.',
      },
    ];
  }
  const findings: Finding[] = [];
  const reasons: string[] = [];
  const verdict = checkAddonVersion(capabilities.addonVersion);
  if (verdict.kind === 'outdated') {
    reasons.push(`add-on v${verdict.version} is older than the v${MIN_ADDON_VERSION} MCP needs`);
  } else if (verdict.kind === 'unparseable') {
    reasons.push(`the add-on reported a version we cannot read ("${verdict.raw}")`);
  }
  if (!capabilities.features.includes('backtest'))
    reasons.push('"backtest" is missing from its features');
  const outdatedWarning = capabilities.warnings.find((w) => OUTDATED_TEXT.test(w));
  if (outdatedWarning) reasons.push(`CrossTrade warns: "${excerpt(outdatedWarning)}"`);
  if (reasons.length > 0) {
    const first = reasons.join('; ');
    findings.push({
      id: 'addon_outdated',
      cause: `${first[0]?.toUpperCase() ?? ''}${first.slice(1)}.`,
    });
  }
  return findings;
}

function toolFindings(tools: readonly string[], addonUp: boolean | undefined): Finding[] {
  const listed = new Set(tools);
  const missingAddon = ADDON_READ_TOOLS.filter((t) => !listed.has(t));
  const missingMonitor = MONITOR_TOOLS.filter((t) => !listed.has(t));
  if (missingAddon.length === ADDON_READ_TOOLS.length && addonUp !== true) {
    return [
      {
        id: 'addon_disconnected',
        cause: `tools/list hides the add-on tools (${missingAddon.join(', ')}): no add-on is connected.`,
      },
    ];
  }
  const missing = [...missingMonitor, ...missingAddon];
  return missing.length > 0
    ? [
        {
          id: 'tools_missing',
          cause: `tools/list lacks ${missing.join(', ')} (${tools.length} tools listed).`,
        },
      ]
    : [];
}

function connectionFindings(connections: readonly BrokerConnection[]): Finding[] {
  const down = connections.filter((c) => c.status !== CONNECTED);
  if (down.length === 0) return [];
  return [
    {
      id: 'broker_disconnected',
      cause: down.map((c) => `${c.name} is ${c.status}`).join('; ') + '.',
    },
  ];
}

/** `addonOutdated`: an unavailable category is then explained by the old add-on, not listed again. */
function selfTestFindings(selfTest: SelfTest, addonOutdated: boolean): Finding[] {
  const reasons: string[] = [];
  if (selfTest.transport !== 'ok') reasons.push(`transport is ${selfTest.transport}`);
  const unavailable = Object.entries(addonOutdated ? {} : selfTest.categories)
    .filter(([, state]) => state !== 'ok')
    .map(([name, state]) => `${name} is ${state}`);
  reasons.push(...unavailable);
  return reasons.length > 0
    ? [{ id: 'selftest_degraded', cause: `McpSelfTest: ${reasons.join('; ')}.` }]
    : [];
}

function lastCall(observation: Observation, name: string): CallRecord | undefined {
  return observation.calls.filter((c) => c.name === name).at(-1);
}

function toProblems(findings: Finding[]): Problem[] {
  const byId = new Map<ProblemId, string[]>();
  for (const finding of findings) {
    const causes = byId.get(finding.id) ?? [];
    if (!causes.includes(finding.cause)) causes.push(finding.cause);
    byId.set(finding.id, causes);
  }
  const ids = [...byId.keys()];
  const hasGate = ids.some((id) => GATES.has(id));
  return ids
    .filter((id) => !hasGate || GATES.has(id) || LOCAL.has(id))
    .filter((id) => !(id === 'addon_disconnected' && byId.has('nt8_not_running')))
    .sort((a, b) => RANK.indexOf(a) - RANK.indexOf(b))
    .map((id) => {
      const entry = CATALOG[id];
      const cause = redact(plainText((byId.get(id) ?? []).join(' ') || entry.summary));
      return { id, level: entry.level, title: entry.title, cause, steps: entry.steps };
    });
}

function diagnoseUnsafe(observation: Observation, previous?: HealthSnapshot): HealthSnapshot {
  const findings: Finding[] = [];
  const calls = observation.calls;

  if (hostOf(observation.serverUrl) === LEGACY_MCP_HOST) {
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
  const capabilitiesCall = lastCall(observation, 'GetMcpCapabilities');
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
  const connectionsCall = lastCall(observation, 'GetConnections');
  if (connectionsCall?.outcome === 'ok') {
    const payload = payloadOf(connectionsCall);
    const parsed = payload.ok ? parseConnections(payload.value) : payload;
    if (parsed.ok) connections = parsed.value;
    else findings.push({ id: 'malformed_response', cause: `GetConnections: ${parsed.reason}` });
  }
  if (connections && addonUp !== false) findings.push(...connectionFindings(connections));

  let selfTest = carry?.selfTest;
  const selfTestCall = lastCall(observation, 'McpSelfTest');
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

  const skew = observation.clockSkewMs;
  if (typeof skew === 'number' && Math.abs(skew) > CLOCK_SKEW_LIMIT_MS) {
    const minutes = Math.round(Math.abs(skew) / 60_000);
    findings.push({
      id: 'clock_skew',
      cause: `CrossTrade's clock is ${minutes} min ${skew > 0 ? 'ahead of' : 'behind'} this computer's.`,
    });
  }

  if (
    observation.nt8Process === 'not_running' &&
    findings.some((f) => f.id === 'addon_disconnected')
  ) {
    findings.push({
      id: 'nt8_not_running',
      cause: `No NinjaTrader.exe process is running, and the add-on is unreachable.`,
    });
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

  const problems = toProblems(findings);
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
  if (typeof observation.latencyMs === 'number') snapshot.latencyMs = observation.latencyMs;
  if (capabilities) snapshot.capabilities = capabilities;
  if (connections) snapshot.connections = connections;
  if (selfTest) snapshot.selfTest = selfTest;
  if (tools) snapshot.tools = [...tools];
  if (observation.clientFindings) snapshot.clientFindings = observation.clientFindings;
  return snapshot;
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
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

/** True for every ProblemId: used by tests and the IPC schema. */
export function isProblemId(value: unknown): value is ProblemId {
  return typeof value === 'string' && (PROBLEM_IDS as readonly string[]).includes(value);
}
