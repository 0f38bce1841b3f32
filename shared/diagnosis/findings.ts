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
import { ADDON_READ_TOOLS, MONITOR_TOOLS, TOOL } from '../mcp-tools';
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

/** What a refused certificate means, by the code Node (OpenSSL) or Chromium gives. */
const CERTIFICATE_MEANING: ReadonlyArray<[RegExp, string]> = [
  [
    /EXPIRED|DATE_INVALID|NOT_YET_VALID/,
    "it looks expired or not yet valid: check this computer's clock",
  ],
  [/ALTNAME|COMMON_NAME|NAME_INVALID/, 'it was issued for another name'],
  [
    /SELF_SIGNED|AUTHORITY_INVALID|UNABLE_TO_|ISSUER/,
    'it was signed by an issuer this computer does not trust',
  ],
];

/** A certificate this computer refused: Node/OpenSSL's codes and Chromium's `ERR_CERT_…`. */
export function isCertificateCode(code: CallRecord['errorCode']): boolean {
  return typeof code === 'string' && /CERT|^UNABLE_TO_|^ERR_TLS_|^ERR_SSL_|SELF_SIGNED/.test(code);
}

/** "connect: the certificate was refused (SELF_SIGNED_CERT_IN_CHAIN: …), issued by "Avast…"." */
function certificateEvidence(call: CallRecord): string {
  const code = String(call.errorCode);
  const meaning = CERTIFICATE_MEANING.find(([pattern]) => pattern.test(code))?.[1];
  const issuer = call.issuer ? `; it was issued by "${excerpt(call.issuer, 80)}"` : '';
  return `${call.name}: CrossTrade's certificate was refused (${code}${meaning ? `: ${meaning}` : ''})${issuer}. Something between this computer and CrossTrade (antivirus HTTPS scanning, a company proxy) may be re-signing the connection.`;
}

/** Chromium's words for "this computer has no network" (Electron's net.fetch). */
const OFFLINE_CODES = new Set(['ERR_INTERNET_DISCONNECTED', 'ERR_NETWORK_IO_SUSPENDED']);

/**
 * Did any exchange with the server succeed in this check? Any HTTP response counts, whatever
 * its status: the network path works, whatever the server made of the request.
 */
function serverAnswered(observation: Observation): boolean {
  if ((observation.responses ?? 0) > 0) return true;
  return observation.calls.some(
    (c) => c.outcome !== 'timeout' && c.outcome !== 'network_error' && c.outcome !== 'other_error',
  );
}

/** The seconds a timed-out call waited, as evidence reads it. */
function waited(call: CallRecord): string {
  return call.ms < 1000 ? `${call.ms} ms` : `${Math.round(call.ms / 1000)} s`;
}

function offlineFinding(call: CallRecord): Finding {
  return {
    id: 'offline',
    cause: `The operating system reports no network connection. ${describe(call)}`,
  };
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
  if (status === 407) {
    return {
      id: 'network_unreachable',
      cause: `A proxy between this computer and CrossTrade asks for a sign-in (407 Proxy Authentication Required). ${evidence}`,
    };
  }
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
    case 'network_error': {
      if (isCertificateCode(call.errorCode)) {
        return { id: 'tls_untrusted', cause: certificateEvidence(call) };
      }
      if (typeof call.errorCode === 'string' && OFFLINE_CODES.has(call.errorCode)) {
        return offlineFinding(call);
      }
      if (observation.online === false && !serverAnswered(observation)) return offlineFinding(call);
      if (
        call.errorCode === 'PROXY_REFUSED' ||
        /^ERR_(PROXY|TUNNEL)_/.test(String(call.errorCode))
      ) {
        // The proxy's own answer is the evidence: "the proxy at HOST refused: 407 …".
        return { id: 'network_unreachable', cause: `${call.name}: ${call.message ?? evidence}` };
      }
      return { id: 'network_unreachable', cause: evidence };
    }
    case 'unauthorized':
      return {
        id: token.state === 'signed_out' ? 'signed_out' : 'token_invalid',
        cause: token.rejectedReason ? `${token.rejectedReason} (${evidence})` : evidence,
      };
    case 'insufficient_scope':
      return { id: 'insufficient_scope', cause: evidence };
    case 'timeout': {
      // Decided from everything the check saw: only when nothing came back is it the network.
      if (!serverAnswered(observation)) {
        return observation.online === false
          ? offlineFinding(call)
          : { id: 'network_unreachable', cause: `CrossTrade did not answer. ${evidence}` };
      }
      if (call.name === 'connect') {
        return {
          id: 'server_error',
          cause: `CrossTrade answered, but the MCP session did not open within ${waited(call)}. ${evidence}`,
        };
      }
      // CrossTrade answers these itself, without the add-on: the hang is on its side.
      if (call.name === 'tools/list' || call.name === TOOL.capabilities) {
        return {
          id: 'server_error',
          cause: `CrossTrade accepted the connection but its tools did not answer within ${waited(call)}. ${evidence}`,
        };
      }
      return { id: 'nt8_unresponsive', cause: evidence };
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
