// "My agent just failed": an error pasted from an AI client (Claude Desktop, Claude Code, Cursor,
// VS Code, a ChatGPT connector, an mcp-remote log, a raw HTTP or JSON-RPC body, a stack trace, an
// HTML page) matched to the known CrossTrade problems, then read together with the monitor's own
// live check. Pure: the window runs it as it is, doctor prints it.
//
// The paste is untrusted and can be anything: it is cut to 64 KB, made plain and redacted before
// any rule reads it, every rule is a regex that reads each position a bounded number of ways (no
// nested quantifiers, windows of fixed width), so the whole match is linear, and nothing throws.
// The output never quotes the paste: it names problems, known tool names and fixed sentences.
import { CATALOG } from './catalog';
import { MIN_ADDON_VERSION, OFFICIAL_MCP_URL } from './crosstrade';
import type { HealthSnapshot, Level, ProblemId, Step } from './health';
import { worstLevel } from './health';
import { redact } from './redact';
import { plainText } from './sanitize';
import { checkAddonVersion } from './version';
import { WRITE_TOOLS } from './mcp-tools';

export type Confidence = 'high' | 'medium' | 'low';

export interface ExplainMatch {
  id: ProblemId;
  confidence: Confidence;
  /** Why this problem: what in the text points at it (never the text itself). */
  why: string;
}

export interface Explanation {
  /** Best first: highest confidence, then root cause first. Empty for text we do not know. */
  matches: ExplainMatch[];
  /** A known CrossTrade tool the text names (the failing call, most likely). */
  tool?: string;
}

/** The longest paste read; the rest is ignored. */
export const MAX_PASTE = 64 * 1024;

/** Read tools an agent commonly calls. */
const READ_TOOLS = [
  'GetMcpCapabilities',
  'McpSelfTest',
  'ListAccounts',
  'GetConnections',
  'ListPositions',
  'ListOrders',
  'GetAccount',
  'GetPosition',
  'GetQuote',
  'ListExecutions',
  'ListStrategies',
];

/** Tool names that are also plain words ("Connect", "Cancel"): only counted in a tool context. */
const WORDLIKE_TOOLS = new Set(['Change', 'Cancel', 'Reverse', 'Connect', 'Disconnect']);
const TOOL_NAMES: readonly string[] = [...READ_TOOLS, ...WRITE_TOOLS]
  // Longest first, so `CancelOrders` wins over `Cancel`.
  .sort((a, b) => b.length - a.length);
const TOOL_PATTERN = new RegExp(`(?<![A-Za-z0-9_])(${TOOL_NAMES.join('|')})(?![A-Za-z0-9_])`, 'g');
/** "tool PlaceOrder", `"name": "Flatten"`, "calling tool 'Cancel'": a tool named as one. */
const TOOL_CONTEXT = /(?:tool|name|calling|call)["'`]?\s{0,3}[:=]?\s{0,3}["'`]?$/i;

/** An HTTP status as a number on its own: not `:401:19` in a stack, `.401Z` in a time or `14010`. */
function status(code: string): RegExp {
  return new RegExp(`(?<![\\w.:/#-])${code}(?![\\w/-]|\\.\\d|\\s?(?:ms|s|seconds?)\\b)`);
}

interface Rule {
  id: ProblemId;
  confidence: Confidence;
  /** All must be found (anywhere in the text). */
  all: RegExp[];
  /** None may be found. */
  none?: RegExp[];
  why: string;
}

const S401 = status('401');
const S403 = status('403');
const S404 = status('404');
const S408 = status('408');
const S429 = status('429');
const S5XX = /(?<![\w.:/#-])5(?:00|02|03|04)(?![\w/-]|\.\d|\s?(?:ms|s|seconds?)\b)/;
const FORBIDDEN = new RegExp(`${S403.source}|forbidden`);
const SCOPE_WORDS = /insufficient[_ ]scope|mcp:trade|scope/;
const ELITE = /elite/;
const TIMEOUT_WORDS =
  /timed? ?out|timeout|etimedout|-32001|deadline exceeded|no response|did not respond|took too long/;

// Each rule reads the lower-cased, plain, redacted text. Order inside a confidence level does not
// matter: ties are broken by the catalog's root-cause rank.
const RULES: readonly Rule[] = [
  // 401
  {
    id: 'token_invalid',
    confidence: 'high',
    all: [/invalid_token|invalid token/],
    why: 'CrossTrade answered invalid_token (HTTP 401): it no longer accepts the access token this client sent.',
  },
  {
    id: 'token_invalid',
    confidence: 'high',
    all: [S401],
    none: [/invalid_grant|did_you_mean/],
    why: 'HTTP 401 Unauthorized: CrossTrade refused the client’s token (expired and not refreshed, revoked on AI Clients, or never issued to this client).',
  },
  {
    id: 'token_invalid',
    confidence: 'high',
    all: [
      /unauthori[sz]ed|token (?:has )?expired|expired token|token (?:was |has been )?revoked|access token is (?:invalid|expired)/,
    ],
    why: 'The client says it is unauthorized or its token expired or was revoked: CrossTrade refused its token.',
  },
  {
    id: 'token_invalid',
    confidence: 'medium',
    all: [
      /needs? (?:authentication|to re-?authenticate)|re-?authenticat|not authenticated|authentication (?:required|failed)|login required|sign in again/,
    ],
    why: 'The client says it must authenticate again: its CrossTrade authorization is gone or was never completed.',
  },
  {
    id: 'token_invalid',
    confidence: 'medium',
    all: [/invalid_grant/, /refresh/],
    why: 'The refresh was refused (invalid_grant): the client’s saved sign-in is no longer valid.',
  },
  // 403 Elite
  {
    id: 'subscription_required',
    confidence: 'high',
    all: [/subscription_required|elite subscription|requires (?:an )?elite|elite (?:tier|plan)/],
    why: 'CrossTrade answered that MCP requires an Elite subscription: tools list, but every tool call is refused for this account.',
  },
  {
    id: 'subscription_required',
    confidence: 'medium',
    all: [S403, /subscription|upgrade|plan\b/],
    none: [SCOPE_WORDS],
    why: 'HTTP 403 mentioning the subscription: the account is below the tier MCP tool calls need.',
  },
  {
    id: 'subscription_required',
    confidence: 'low',
    all: [FORBIDDEN],
    none: [SCOPE_WORDS, ELITE, /subscription/],
    why: 'A bare 403 Forbidden: CrossTrade’s 403s are the Elite subscription or a write tool on a read-only grant.',
  },
  // 403 insufficient_scope
  {
    id: 'insufficient_scope',
    confidence: 'high',
    all: [
      /insufficient[_ ]scope|scope="?mcp:trade|requires? (?:the )?mcp:trade|mcp:trade (?:scope )?(?:is )?required/,
    ],
    why: 'CrossTrade answered insufficient_scope: the client holds a read-only (mcp:read) grant and the agent tried a write tool. That is the safety system working.',
  },
  {
    id: 'insufficient_scope',
    confidence: 'medium',
    all: [S403, /scope|read-only|read only|mcp:read/],
    why: 'HTTP 403 about the scope: a read-only grant refused a tool that needs mcp:trade.',
  },
  {
    id: 'insufficient_scope',
    confidence: 'low',
    all: [FORBIDDEN],
    none: [ELITE, /subscription/],
    why: 'A bare 403 Forbidden: CrossTrade’s 403s are the Elite subscription or a write tool on a read-only grant.',
  },
  // 408 and hangs
  {
    id: 'addon_disconnected',
    confidence: 'high',
    all: [
      /addon_disconnected|add-?on (?:is )?(?:not connected|disconnected|offline|not running)|addon disconnected/,
    ],
    why: 'CrossTrade said addon_disconnected: it cannot reach the CrossTrade Add-On inside NinjaTrader 8.',
  },
  {
    id: 'addon_disconnected',
    confidence: 'high',
    all: [S408],
    why: 'HTTP 408: CrossTrade timed out waiting for the add-on; most often NinjaTrader 8 is open but the add-on panel is disconnected.',
  },
  {
    id: 'addon_disconnected',
    confidence: 'high',
    all: [
      /ninjatrader(?: 8)? (?:is )?(?:not running|closed|not open|not connected)|nt8 (?:is )?(?:not running|closed|not connected)/,
    ],
    why: 'The text says NinjaTrader 8 is closed or not connected: the add-on behind every tool call is unreachable.',
  },
  {
    id: 'addon_disconnected',
    confidence: 'medium',
    all: [TIMEOUT_WORDS],
    none: [S5XX, /self-?test/, /gateway time-?out/],
    why: 'The call timed out: CrossTrade documents a plain timeout like a 408, the add-on not answering.',
  },
  {
    id: 'nt8_unresponsive',
    confidence: 'high',
    all: [
      /ninjatrader(?: 8)? (?:is )?(?:not responding|frozen|hung|busy)|modal dialog|dialog (?:is )?(?:open|blocking)|self-?test (?:timed out|timeout)/,
    ],
    why: 'NinjaTrader 8 is not responding: a dialog open inside it blocks the add-on’s calls.',
  },
  {
    id: 'nt8_unresponsive',
    confidence: 'low',
    all: [TIMEOUT_WORDS],
    none: [S5XX, /gateway time-?out/],
    why: 'A call that hangs can also be NinjaTrader 8 blocked by a dialog.',
  },
  // Tools
  {
    id: 'tools_missing',
    confidence: 'high',
    all: [
      /no tools|0 tools|zero tools|tools? (?:are |is )?(?:not |n't )?(?:showing|listed|listing|appearing|available|found)|tools? (?:do|does|did)(?: not|n't) (?:show|appear|list|load)|unknown tool|tool (?:\S{1,60} )?not found|tool (?:\S{1,60} )?(?:is )?not available|no such tool|method not found|-32601/,
    ],
    none: [/insufficient[_ ]scope/],
    why: 'The client does not see the tool it needs: tools hide while the add-on is not connected, below add-on v1.13.0, for a read-only grant (trading tools), or behind cached tool metadata.',
  },
  {
    id: 'tools_missing',
    confidence: 'medium',
    all: [/tools\/list/, /\[\s{0,3}\]|empty|failed|error/],
    why: 'tools/list came back empty or failed.',
  },
  // Discovery, registration, metadata
  {
    id: 'discovery_failed',
    confidence: 'high',
    all: [
      /invalid_client_metadata|too_many_registrations|dynamic client registration|client registration|registration (?:failed|endpoint|error)|failed to register|authorization server metadata|oauth metadata|(?:discover|discovery)[^\n]{0,40}(?:oauth|metadata|fail)|invalid_client\b|client_id (?:not found|unknown|invalid)|unknown client|stale (?:client )?metadata/,
    ],
    none: [/did_you_mean/],
    why: 'OAuth discovery, client registration or the client’s cached sign-in metadata failed: the client may hold stale metadata or use a wrong URL.',
  },
  {
    id: 'discovery_failed',
    confidence: 'medium',
    all: [
      /oauth-protected-resource|oauth-authorization-server|resource.metadata|protected.resource/,
      /fail|error|could not|unable|invalid/,
    ],
    none: [/invalid_token/],
    why: 'OAuth discovery (the protected-resource or authorization-server metadata) went wrong: the client may hold stale metadata or use a wrong URL.',
  },
  {
    id: 'discovery_failed',
    confidence: 'medium',
    all: [/invalid_grant|invalid_request|pkce|code_verifier|code verifier/],
    none: [/refresh/],
    why: 'The OAuth token request was refused (invalid_grant / invalid_request): a stale or reused code, a PKCE mismatch, or a clock far off.',
  },
  {
    id: 'discovery_failed',
    confidence: 'medium',
    all: [/metadata|discovery|registration/, /error|fail|invalid|could not|unable/],
    why: 'The client reports a metadata, discovery or registration error.',
  },
  // Wrong URL
  {
    id: 'endpoint_not_found',
    confidence: 'high',
    all: [
      /mcp\.crosstrade\.io|did_you_mean|cannot (?:get|post) \/|route not found|endpoint not found/,
    ],
    why: 'The client talks to the wrong address: the only MCP server is https://app.crosstrade.io/v1/api/mcp (mcp.crosstrade.io with HTTP+SSE was never live).',
  },
  {
    id: 'endpoint_not_found',
    confidence: 'high',
    all: [S404],
    why: 'HTTP 404: nothing answers at the address the client uses; it must be exactly https://app.crosstrade.io/v1/api/mcp.',
  },
  {
    id: 'endpoint_not_found',
    confidence: 'medium',
    all: [status('405'), /method not allowed|405/],
    why: 'HTTP 405: the address answers, but not as an MCP endpoint (a wrong path or the old SSE transport).',
  },
  {
    id: 'endpoint_not_found',
    confidence: 'medium',
    all: [/\/sse\b|sse (?:error|transport)|transport[^\n]{0,20}sse/],
    why: 'The client uses the SSE transport: CrossTrade’s server speaks Streamable HTTP at https://app.crosstrade.io/v1/api/mcp.',
  },
  // Rate limit, server errors, network
  {
    id: 'rate_limited',
    confidence: 'high',
    all: [/too many requests|rate limit|rate_limit|ratelimit|throttl/],
    none: [/too_many_registrations/],
    why: 'CrossTrade is rate-limiting this account (429): agents, scripts and the monitor share about 3 requests a second.',
  },
  {
    id: 'rate_limited',
    confidence: 'high',
    all: [S429],
    none: [/too_many_registrations/],
    why: 'HTTP 429 Too Many Requests: this account’s request budget is used up for now.',
  },
  {
    id: 'server_error',
    confidence: 'high',
    all: [S5XX],
    why: 'CrossTrade’s server answered with a 5xx error: a transient failure on its side.',
  },
  {
    id: 'server_error',
    confidence: 'high',
    all: [/server_error|internal server error|bad gateway|service unavailable|gateway time-?out/],
    why: 'CrossTrade’s server reported an internal error: a transient failure on its side.',
  },
  {
    id: 'network_unreachable',
    confidence: 'high',
    all: [
      /econnrefused|enotfound|getaddrinfo|eai_again|econnreset|enetunreach|ehostunreach|fetch failed|network ?error|err_internet_disconnected|err_name_not_resolved|err_connection|connection refused|could not resolve host|socket hang up/,
    ],
    none: [/mcp\.crosstrade\.io/],
    why: 'The client could not reach CrossTrade at all: offline, DNS, a proxy or a firewall.',
  },
  {
    id: 'network_unreachable',
    confidence: 'medium',
    all: [
      /self[- ]signed certificate|unable to verify the first certificate|unable_to_verify_leaf_signature|certificate (?:has expired|verify failed)|cert_/,
    ],
    why: 'A certificate error: antivirus HTTPS scanning or a proxy is intercepting the connection to CrossTrade.',
  },
  {
    id: 'malformed_response',
    confidence: 'medium',
    all: [
      /unexpected token '?<|is not valid json|invalid json|unexpected content[- ]type|content-type[^\n]{0,40}text\/html|<!doctype html|<html/,
    ],
    why: 'The client got a web page or broken JSON instead of an MCP answer: a proxy, captive portal or wrong address answered.',
  },
  // Add-on version, broker, clock, self-test, client config
  {
    id: 'addon_outdated',
    confidence: 'high',
    all: [/add-?on[^\n]{0,40}(?:outdated|too old|update required|needs (?:an )?update|older than)/],
    why: 'The add-on is too old for MCP: it needs v1.13.0 or newer.',
  },
  {
    id: 'broker_disconnected',
    confidence: 'high',
    all: [
      /connectionlost|connection lost|broker[^\n]{0,30}(?:disconnected|not connected|down)|(?:rithmic|tradovate|cqg|continuum|kinetick|interactive brokers)[^\n]{0,30}(?:disconnected|connecting|lost)/,
    ],
    why: 'NinjaTrader’s broker connection is down: orders on it fail until it reconnects.',
  },
  {
    id: 'clock_skew',
    confidence: 'high',
    all: [
      /clock skew|clock is (?:off|wrong|out of sync)|system clock|token (?:is )?not (?:yet )?valid|not valid yet|"?iat"? (?:is )?in the future|issued in the future|nbf/,
    ],
    why: 'A time check failed: this computer’s clock is off, so tokens look expired or not yet valid.',
  },
  {
    id: 'selftest_degraded',
    confidence: 'high',
    all: [
      /transport"?\s{0,3}[:=]\s{0,3}"?degraded|degraded transport|"?\b\w{2,20}"?\s{0,3}:\s{0,3}"unavailable"/,
    ],
    why: 'McpSelfTest reported a degraded transport (CrossTrade’s side) or a category unavailable (update the add-on).',
  },
  {
    id: 'client_misconfigured',
    confidence: 'high',
    all: [
      /spawn (?:npx|node|mcp-remote)[^\n]{0,20}enoent|(?:npx|mcp-remote|node)[^\n]{0,10}(?:command )?not found|is not recognized as an internal or external command|could not load app settings|invalid (?:mcp )?(?:server )?config/,
    ],
    why: 'The client could not start or read its CrossTrade entry: its configuration is wrong.',
  },
  {
    id: 'client_misconfigured',
    confidence: 'medium',
    all: [
      /claude_desktop_config\.json|mcp\.json|settings\.json|\.claude\.json/,
      /error|invalid|unexpected|fail/,
    ],
    why: 'The client reports an error in its configuration file: its CrossTrade entry is probably wrong.',
  },
];

const CONFIDENCE_ORDER: Record<Confidence, number> = { high: 0, medium: 1, low: 2 };

/** The first known CrossTrade tool the text names, in a tool context for word-like names. */
function toolIn(text: string): string | undefined {
  TOOL_PATTERN.lastIndex = 0;
  for (let hit = TOOL_PATTERN.exec(text); hit; hit = TOOL_PATTERN.exec(text)) {
    const name = hit[1] ?? '';
    if (!WORDLIKE_TOOLS.has(name)) return name;
    const before = text.slice(Math.max(0, hit.index - 16), hit.index);
    if (TOOL_CONTEXT.test(before)) return name;
  }
  return undefined;
}

/** An add-on version the text reports below the minimum ("add-on v1.12.4", "addon_version":"1.12"). */
function outdatedAddon(text: string): string | undefined {
  const found =
    /add-?on[ _]?(?:version)?["']?\s{0,3}[:=]?\s{0,3}["']?v?(\d{1,4}\.\d{1,4}(?:\.\d{1,6}){0,2})/.exec(
      text,
    );
  if (!found?.[1]) return undefined;
  const verdict = checkAddonVersion(found[1].split('.').slice(0, 3).join('.'));
  return verdict.kind === 'outdated' ? verdict.version : undefined;
}

/** The text a rule reads: bounded, plain (no ANSI, control or bidi characters) and redacted. */
export function preparePaste(text: unknown): string {
  const raw = typeof text === 'string' ? text : '';
  return redact(plainText(raw.slice(0, MAX_PASTE), { keepNewlines: true }));
}

/** Matches a pasted error against the known CrossTrade problems. Never throws. */
export function explainError(text: unknown): Explanation {
  try {
    const safe = preparePaste(text);
    const lower = safe.toLowerCase();
    const best = new Map<ProblemId, ExplainMatch>();
    const add = (match: ExplainMatch) => {
      const known = best.get(match.id);
      if (!known || CONFIDENCE_ORDER[match.confidence] < CONFIDENCE_ORDER[known.confidence]) {
        best.set(match.id, match);
      }
    };
    for (const rule of RULES) {
      if (!rule.all.every((pattern) => pattern.test(lower))) continue;
      if (rule.none?.some((pattern) => pattern.test(lower))) continue;
      add({ id: rule.id, confidence: rule.confidence, why: rule.why });
    }
    const tool = toolIn(safe);
    const old = outdatedAddon(lower);
    if (old) {
      add({
        id: 'addon_outdated',
        confidence: 'high',
        why: `The add-on reports v${old}: MCP needs v${MIN_ADDON_VERSION} or newer.`,
      });
    }
    if (tool && (WRITE_TOOLS as readonly string[]).includes(tool)) {
      const scope = best.get('insufficient_scope');
      if (scope && scope.confidence !== 'high' && (S403.test(lower) || /scope/.test(lower))) {
        best.set('insufficient_scope', { ...scope, confidence: 'high' });
      }
      const refused = best.get('insufficient_scope');
      if (refused) {
        best.set('insufficient_scope', {
          ...refused,
          why: `${tool} is a write tool (mcp:trade). ${refused.why}`,
        });
      }
    }
    const matches = [...best.values()].sort(
      (a, b) =>
        CONFIDENCE_ORDER[a.confidence] - CONFIDENCE_ORDER[b.confidence] ||
        CATALOG[a.id].rank - CATALOG[b.id].rank,
    );
    return tool ? { matches, tool } : { matches };
  } catch {
    return { matches: [] };
  }
}

/** The title of a problem as an AI client meets it (the catalog words the monitor's own view). */
export function explainTitle(id: ProblemId): string {
  return CLIENT_TITLE[id] ?? CATALOG[id].title;
}

const CLIENT_TITLE: Partial<Record<ProblemId, string>> = {
  token_invalid: 'CrossTrade rejected your AI client’s token',
  insufficient_scope: 'A read-only grant refused a write tool',
  tools_missing: 'Your AI client does not list the tool',
  discovery_failed: 'Your AI client’s sign-in setup failed',
  endpoint_not_found: 'Your AI client uses the wrong address',
  client_misconfigured: 'Your AI client is set up wrongly for CrossTrade',
};

/** The AI client's own fix, first when the live check does not say more. */
const CLIENT_FIRST_STEP: Partial<Record<ProblemId, Step>> = {
  token_invalid: {
    text: 'Revoke that AI client on the AI Clients page, then reconnect it: remove and re-add the CrossTrade server and reauthorize in the browser, signed in to the CrossTrade account you trade with.',
    action: 'open_ai_clients',
  },
  discovery_failed: {
    text: `Remove the CrossTrade server from that AI client and add it again with exactly ${OFFICIAL_MCP_URL}: it may hold stale sign-in metadata.`,
  },
  endpoint_not_found: {
    text: `Set that AI client’s CrossTrade server address to exactly ${OFFICIAL_MCP_URL} (Streamable HTTP).`,
  },
};

/** Steps about the monitor's own sign-in: they do not fix an AI client. */
const MONITOR_ONLY = /CrossTrade MCP Monitor|the monitor\b|\bmonitor's\b|Settings\b/i;

/** What to try when the text is not a known CrossTrade error. */
export const GENERIC_STEPS: readonly Step[] = [
  {
    text: 'Look at the monitor’s own check first: if it shows a problem, fix that one first.',
    action: 'check_now',
  },
  {
    text: `In the AI client, check the CrossTrade server address is exactly ${OFFICIAL_MCP_URL} (Streamable HTTP).`,
  },
  {
    text: 'Remove the CrossTrade server from the AI client, add it again and reauthorize when the browser opens.',
  },
  {
    text: 'Open the AI Clients page: revoke a grant that looks stale, then reconnect that client.',
    action: 'open_ai_clients',
  },
  {
    text: 'Open the CrossTrade Add-On panel in NinjaTrader 8 and confirm it says "connected" (v1.13.0 or newer).',
  },
  { text: 'Restart the AI client so it reloads CrossTrade’s tools.' },
  {
    text: 'Still failing? Copy the report into a CrossTrade support ticket with the error and your add-on version.',
    action: 'copy_diagnostics',
  },
];

/** What the live check adds to the text: one verdict, and whether the monitor sees the break too. */
export interface LiveVerdict {
  /** `agent`: the monitor works, so the fault is the AI client's own; `shared`: the monitor sees
   * a problem too, fix that first; `none`: no live check to compare with. */
  kind: 'agent' | 'shared' | 'none';
  step?: Step;
}

/** Problems on the monitor's side that break every AI client too. */
const CHAIN_PROBLEMS = new Set<ProblemId>([
  'network_unreachable',
  'endpoint_not_found',
  'server_error',
  'rate_limited',
  'subscription_required',
  'nt8_not_running',
  'addon_disconnected',
  'nt8_unresponsive',
  'addon_outdated',
  'broker_disconnected',
  'selftest_degraded',
  'malformed_response',
  'tools_missing',
]);

const ADDON_FAMILY = new Set<ProblemId>([
  'nt8_not_running',
  'addon_disconnected',
  'nt8_unresponsive',
]);

/** What "the monitor works right now" means for each pasted problem. */
const WORKS_FOR_MONITOR: Partial<Record<ProblemId, Step>> = {
  token_invalid: {
    text: 'CrossTrade and the add-on answer the monitor right now, so the 401 is your client’s own token: revoke that client on AI Clients and reconnect it.',
    action: 'open_ai_clients',
  },
  subscription_required: {
    text: 'The monitor’s tool calls pass right now, so an Elite account is signed in there: your AI client is probably signed in with another CrossTrade account. Revoke it on AI Clients and reconnect it with the Elite account.',
    action: 'open_ai_clients',
  },
  insufficient_scope: {
    text: 'The monitor’s read-only check works, so nothing is broken: your agent tried a write tool with a read-only grant, the safety system working. Reauthorize that client at mcp:trade only if the workflow needs writes; otherwise change the prompt.',
  },
  addon_disconnected: {
    text: 'The add-on answers the monitor right now: the disconnect has cleared. Retry the agent; if it fails again, watch the add-on panel in NinjaTrader 8.',
  },
  nt8_unresponsive: {
    text: 'NinjaTrader 8 answers the monitor right now: retry the agent; if it hangs again, close any dialog open inside NinjaTrader.',
  },
  tools_missing: {
    text: 'The add-on is connected for the monitor, so its tools are listed: restart your AI client (it may show cached tool metadata), and check its grant is mcp:trade if it expects trading tools.',
  },
  discovery_failed: {
    text: 'CrossTrade’s sign-in works for the monitor right now: your AI client holds stale sign-in metadata or a wrong address. Remove the CrossTrade server there, add it again and reauthorize.',
  },
  endpoint_not_found: {
    text: `CrossTrade answers the monitor at its address right now: set your AI client’s server address to exactly ${OFFICIAL_MCP_URL}.`,
  },
  rate_limited: {
    text: 'CrossTrade answers the monitor right now: the limit has passed. Slow down the agents and scripts that share your account.',
  },
  server_error: {
    text: 'CrossTrade answers the monitor right now: the server error was transient. Retry the agent.',
  },
  network_unreachable: {
    text: 'The monitor reaches CrossTrade from here: check the network, proxy or VPN of the computer your AI client runs on.',
  },
};

/** Combines what the text says with the monitor's live check (null when there is none). */
export function combineWithLive(
  matches: readonly ExplainMatch[],
  live: HealthSnapshot | null,
): LiveVerdict {
  if (!live || live.status !== 'checked' || live.token.state === 'signed_out') {
    return { kind: 'none' };
  }
  const top = matches[0];
  const shared = live.problems.find((p) => CHAIN_PROBLEMS.has(p.id));
  if (shared) {
    if (ADDON_FAMILY.has(shared.id)) {
      return {
        kind: 'shared',
        step: {
          text: `The add-on is disconnected for the monitor too: fix that first (${shared.title}; its checklist is on the Status tab). Your agent works again once the monitor’s check passes.`,
          action: 'check_now',
        },
      };
    }
    return {
      kind: 'shared',
      step: {
        text: `The monitor sees a problem too: ${shared.title}. Fix that first; your agent works again once the monitor’s check passes.`,
        action: 'check_now',
      },
    };
  }
  const rejected = live.problems.find((p) => p.id === 'token_invalid' || p.id === 'clock_skew');
  if (rejected) {
    return {
      kind: 'shared',
      step: {
        text: `CrossTrade refuses the monitor’s sign-in too (${rejected.title}): check this computer’s clock and that the browser is signed in to the right CrossTrade account, then reauthorize.`,
      },
    };
  }
  if (live.level === 'ok' || live.level === 'warning') {
    if (!top) {
      return {
        kind: 'agent',
        step: {
          text: 'CrossTrade, your subscription and the add-on answer the monitor right now: the failure is on your AI client’s side.',
        },
      };
    }
    const step = WORKS_FOR_MONITOR[top.id];
    return step ? { kind: 'agent', step } : { kind: 'none' };
  }
  return { kind: 'none' };
}

/** Steps for the pasted problem: the live verdict first, then the checklist, without repeats. */
export function explainSteps(
  explanation: Explanation,
  live: LiveVerdict = { kind: 'none' },
): Step[] {
  const steps: Step[] = [];
  const seen = new Set<string>();
  const push = (step: Step) => {
    if (seen.has(step.text)) return;
    seen.add(step.text);
    steps.push(step);
  };
  if (live.step) push(live.step);
  const [top] = explanation.matches;
  if (!top) {
    GENERIC_STEPS.forEach(push);
    return steps;
  }
  const first = CLIENT_FIRST_STEP[top.id];
  if (first && live.kind !== 'agent') push(first);
  const ids = explanation.matches
    .filter((m) => m === top || (m.confidence === 'high' && top.confidence === 'high'))
    .slice(0, 3)
    .map((m) => m.id);
  let report: Step | undefined;
  for (const id of ids) {
    for (const step of CATALOG[id].steps) {
      if (MONITOR_ONLY.test(step.text)) continue;
      if (step.action === 'copy_diagnostics') {
        report ??= step;
        continue;
      }
      // A sign-in step signs the monitor in, not the AI client.
      if (step.action === 'sign_in') continue;
      push(step);
    }
  }
  push(
    report ?? {
      text: 'Still stuck? Copy the report into a CrossTrade support ticket.',
      action: 'copy_diagnostics',
    },
  );
  return steps;
}

/** The level of the pasted error: a write tool refused by a read-only grant only warns. */
export function explainLevel(explanation: Explanation, live: HealthSnapshot | null): Level {
  const [top] = explanation.matches;
  const own: Level = !top
    ? 'unknown'
    : top.id === 'insufficient_scope'
      ? 'warning'
      : CATALOG[top.id].level;
  return live && live.status === 'checked' ? worstLevel(own, live.level) : own;
}

/** The honest word for text no rule knows. */
export const UNKNOWN_ERROR =
  'This is not one of the known CrossTrade errors. Work through the general checklist below.';

/** Everything explained about one paste: the matches, the live check and the steps. */
export interface ExplainResult {
  explanation: Explanation;
  live: HealthSnapshot | null;
  verdict: LiveVerdict;
  steps: Step[];
  level: Level;
}

/** explainError, combined with the monitor's live check (null when there is none). Never throws. */
export function explainWithLive(text: unknown, live: HealthSnapshot | null): ExplainResult {
  const explanation = explainError(text);
  const verdict = combineWithLive(explanation.matches, live);
  return {
    explanation,
    live,
    verdict,
    steps: explainSteps(explanation, verdict),
    level: explainLevel(explanation, live),
  };
}

/** Limits of what the trader tells the support report about a failure in an AI client. */
export const INCIDENT_LIMITS = { name: 100, version: 50, tool: 100, error: MAX_PASTE } as const;

/**
 * A failure in the trader's AI client, for the support report: which client, when, which tool,
 * and the error as it was shown (redacted before it is reported).
 */
export interface AgentIncident {
  client?: string;
  clientVersion?: string;
  /** When it failed, roughly: an ISO time. */
  failedAt?: string;
  tool?: string;
  error?: string;
  /** The problems the error matched. */
  matched?: ProblemId[];
}
