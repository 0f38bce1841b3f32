// Findings: what each part of one check says about the chain, as problem ids with evidence.
// Failed calls are classified by outcome, HTTP status and the server's words; answered payloads
// by what they contain. Diagnosis merges, gates and orders the findings (diagnose.ts).
import { MIN_ADDON_VERSION } from '../crosstrade';
import type {
  BrokerConnection,
  CallRecord,
  Capabilities,
  Observation,
  ProblemId,
  SelfTest,
  TokenStatus,
} from '../health';
import { ADDON_READ_TOOLS, MONITOR_TOOLS } from '../mcp-tools';
import { addonSideEmpty } from '../payloads';
import { checkAddonVersion } from '../version';
import { describe, excerpt } from './evidence';

export interface Finding {
  id: ProblemId;
  cause: string;
}

const ADDON_DOWN_TEXT =
  /addon[_ ]disconnected|add-on (is )?(not connected|disconnected)|no add-?on/i;
const ELITE_TEXT = /elite subscription|subscription_required/i;
const SCOPE_TEXT = /insufficient_scope/i;
const TIMEOUT_TEXT = /timed? ?out|timeout/i;
const RATE_TEXT = /rate limit|too many requests/i;
const OUTDATED_TEXT = /outdated|update (the )?(crosstrade )?add-?on|upgrade|older add-?on/i;

const CONNECTED = 'Connected';

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
export function classifyCall(call: CallRecord, observation: Observation): Finding | undefined {
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

export function capabilityFindings(capabilities: Capabilities): Finding[] {
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

export function toolFindings(tools: readonly string[], addonUp: boolean | undefined): Finding[] {
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

export function connectionFindings(connections: readonly BrokerConnection[]): Finding[] {
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
export function selfTestFindings(selfTest: SelfTest, addonOutdated: boolean): Finding[] {
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
