// The problem catalog: every fact about each problem in one entry. What a trader reads (title,
// summary, checklist), how diagnosis orders and gates it, whether the scheduler treats it as
// passing by itself, and which desktop notification it raises. Diagnosis, the engine and the
// notification policy read these fields; nothing else keeps a list of problem ids. The Record
// type makes a ProblemId without an entry a compile error.
import type { Level, ProblemId, Step } from './health';
import type { Settings } from './settings';

/** A notification kind the trader can toggle in Settings; `recovery` belongs to no problem. */
export type ProblemNotificationKind = Exclude<keyof Settings['notifications'], 'recovery'>;

export interface CatalogEntry {
  level: Exclude<Level, 'ok'>;
  title: string;
  /** The usual cause, in one line, shown when the evidence says no more. */
  summary: string;
  steps: Step[];
  /**
   * Root-cause order, lowest first: a problem explains the ones ranked after it (no network
   * explains a failed sign-in, which explains a missing add-on). Unique across the catalog.
   */
  rank: number;
  /** Stops a check from seeing anything behind it: only gates and local problems are shown. */
  gate: boolean;
  /** Seen on this computer (clock, AI-client files): true whatever the server said. */
  local: boolean;
  /** Usually passes by itself: the scheduler retries sooner, with backoff. */
  transient: boolean;
  /** The desktop notification it raises when it starts, or null for none. */
  notify: ProblemNotificationKind | null;
  /** Problems that explain this one better when both are seen: then this one is not shown. */
  hiddenBy?: readonly ProblemId[];
  /** The checklist when NinjaTrader runs on another computer (a VPS); `steps` otherwise. */
  remoteSteps?: Step[];
  /** Expected while the market is closed: outside trading hours it shows as `market_closed`. */
  offHours?: boolean;
}

const reportStep: Step = {
  text: 'Still stuck? Copy the safe diagnostics (no tokens or account numbers) into a CrossTrade support ticket.',
  action: 'copy_diagnostics',
};
const checkAgain: Step = { text: 'Check again.', action: 'check_now' };

export const CATALOG: Record<ProblemId, CatalogEntry> = {
  signed_out: {
    level: 'unknown',
    title: 'Not signed in to CrossTrade',
    summary: 'The monitor has no CrossTrade authorization yet, so it cannot check your MCP chain.',
    rank: 50,
    gate: true,
    local: false,
    transient: false,
    notify: null,
    steps: [
      {
        text: 'Sign in. Your browser opens CrossTrade; approve read-only access (mcp:read). The monitor never trades.',
        action: 'sign_in',
      },
      {
        text: 'If the consent tab was closed before it finished, sign in again and leave it open until it says you can close it.',
      },
    ],
  },
  token_invalid: {
    level: 'error',
    title: 'CrossTrade rejected the sign-in',
    summary:
      'The access token expired and could not be refreshed, was revoked, or was never issued.',
    rank: 60,
    gate: true,
    local: false,
    transient: false,
    notify: 'token',
    steps: [
      {
        text: 'Open the AI Clients page and revoke "CrossTrade MCP Monitor" if it is still listed: its grant expired or was revoked.',
        action: 'open_ai_clients',
      },
      {
        text: 'Sign in again, with the browser signed in to the same CrossTrade account you trade with. Keep the consent tab open until it says you can close it: closing it early means sign-in never finished.',
        action: 'sign_in',
      },
      {
        text: 'Signing in again also re-registers the monitor if CrossTrade reset its side and no longer knows the stale client ID it had.',
      },
      {
        text: 'Your AI clients (Claude, Cursor, ChatGPT…) may hold the same kind of dead token: remove and re-add the CrossTrade server there, then reauthorize.',
      },
      {
        text: 'A 401 right after you approved access means consent did not finish: complete consent in a fresh browser tab, signed in to CrossTrade, and leave it open until it says you can close it.',
      },
      {
        text: "If the 401 comes back right after signing in, check your computer's clock: it must be set automatically.",
      },
      reportStep,
    ],
  },
  clock_skew: {
    level: 'warning',
    title: "Your computer's clock is off",
    summary:
      "CrossTrade's clock and this computer's differ by more than two minutes; sign-in and tokens can fail.",
    rank: 40,
    gate: false,
    local: true,
    transient: false,
    notify: null,
    steps: [
      { text: 'Turn on "Set time automatically" in your system date and time settings.' },
      {
        text: 'If you were signed out by a 401, sign in again after fixing the clock.',
        action: 'sign_in',
      },
      checkAgain,
    ],
  },
  subscription_required: {
    level: 'error',
    title: 'MCP needs an Elite subscription',
    summary: 'CrossTrade refuses tool calls for this account: MCP requires an Elite subscription.',
    rank: 100,
    gate: false,
    local: false,
    transient: false,
    notify: 'token',
    steps: [
      {
        text: 'Open Subscriptions and check your plan; upgrade to Elite to use MCP.',
        action: 'open_subscriptions',
      },
      {
        text: 'Signed in with the wrong CrossTrade account? Revoke the monitor on AI Clients and sign in with the Elite account.',
        action: 'open_ai_clients',
      },
      { text: 'REST and WebSocket access keep working on Pro in the meantime.' },
      checkAgain,
    ],
  },
  insufficient_scope: {
    level: 'error',
    title: 'The grant lacks read access',
    summary:
      'CrossTrade answered insufficient_scope to a read tool: this grant does not include mcp:read.',
    rank: 110,
    gate: false,
    local: false,
    transient: false,
    notify: 'token',
    steps: [
      {
        text: 'Open AI Clients and revoke the "CrossTrade MCP Monitor" grant: a token carries exactly one scope.',
        action: 'open_ai_clients',
      },
      { text: 'Sign in again and approve read-only access (mcp:read).', action: 'sign_in' },
      {
        text: 'Seeing insufficient_scope in an agent on a write tool is the safety system working: reauthorize that client at mcp:trade only if it really needs to trade.',
      },
      {
        text: 'Otherwise keep the agent read-only: rewrite the prompt so the agent does not attempt the write.',
      },
    ],
  },
  scope_too_broad: {
    level: 'warning',
    title: "The monitor's sign-in can trade",
    summary:
      'CrossTrade granted the monitor more than the read-only access (mcp:read) it asked for.',
    rank: 115,
    gate: false,
    local: false,
    transient: false,
    notify: null,
    steps: [
      {
        text: 'Sign in again: the monitor revokes this grant first and asks for read-only access (mcp:read). It never trades, so it should not hold a grant that can.',
        action: 'sign_in',
      },
      {
        text: 'On the AI Clients page, check that "CrossTrade MCP Monitor" now shows mcp:read, and revoke any older grant of it that shows mcp:trade.',
        action: 'open_ai_clients',
      },
    ],
  },
  nt8_not_running: {
    level: 'error',
    title: 'NinjaTrader 8 is not running',
    summary: 'The CrossTrade Add-On is unreachable and NinjaTrader 8 is not running on this PC.',
    rank: 120,
    gate: false,
    local: false,
    transient: false,
    notify: 'disconnect',
    offHours: true,
    steps: [
      { text: 'Start NinjaTrader 8 and log in.' },
      {
        text: 'Open the CrossTrade Add-On panel (New → CrossTrade) and confirm it says "connected".',
      },
      { text: 'Check that the add-on is v1.13.0 or newer (the panel shows its version).' },
      { text: "Reconnect your broker from NinjaTrader's Connections menu if it is not connected." },
      checkAgain,
    ],
  },
  addon_disconnected: {
    level: 'error',
    title: 'The CrossTrade Add-On is disconnected',
    summary:
      'CrossTrade cannot reach the add-on inside NinjaTrader 8 (HTTP 408 addon_disconnected).',
    rank: 130,
    gate: false,
    local: false,
    transient: false,
    notify: 'disconnect',
    hiddenBy: ['nt8_not_running'],
    offHours: true,
    remoteSteps: [
      { text: 'On your VPS: open NinjaTrader 8 and log in.' },
      {
        text: 'On your VPS: open the CrossTrade Add-On panel and confirm it says "connected"; reconnect it if not.',
      },
      { text: 'Check that the add-on is v1.13.0 or newer (the panel shows its version).' },
      { text: "Reconnect your broker from NinjaTrader's Connections menu if it dropped." },
      {
        text: 'If the VPS restarted (Windows updates do that), sign in to it again: NinjaTrader does not start by itself.',
      },
      checkAgain,
      reportStep,
    ],
    steps: [
      { text: 'Make sure NinjaTrader 8 is open and logged in.' },
      {
        text: 'Open the CrossTrade Add-On panel and confirm it says "connected"; reconnect it if not. This is the most common cause.',
      },
      { text: 'Check that the add-on is v1.13.0 or newer (the panel shows its version).' },
      { text: "Reconnect your broker from NinjaTrader's Connections menu if it dropped." },
      { text: 'Dismiss any dialog open inside NinjaTrader: a modal window blocks the add-on.' },
      checkAgain,
      {
        text: 'If the add-on panel reports a deeper issue, contact CrossTrade support with the version string the panel shows.',
      },
      reportStep,
    ],
  },
  nt8_unresponsive: {
    level: 'error',
    title: 'NinjaTrader 8 is not responding',
    summary:
      'CrossTrade answers, but calls into NinjaTrader hang: usually a dialog inside NinjaTrader blocking it.',
    rank: 140,
    gate: false,
    local: false,
    transient: false,
    notify: 'disconnect',
    hiddenBy: ['nt8_not_running'],
    offHours: true,
    remoteSteps: [
      {
        text: 'On your VPS: switch to NinjaTrader 8 and close any open dialog or message box (they block its main thread).',
      },
      { text: 'If NinjaTrader is frozen there, save your work where you can and restart it.' },
      { text: 'Open the CrossTrade Add-On panel and confirm it says "connected".' },
      checkAgain,
      reportStep,
    ],
    steps: [
      {
        text: 'Switch to NinjaTrader 8 and close any open dialog or message box (they block its main thread).',
      },
      { text: 'If NinjaTrader is frozen, save your work where you can and restart it.' },
      { text: 'Open the CrossTrade Add-On panel and confirm it says "connected".' },
      checkAgain,
      reportStep,
    ],
  },
  addon_outdated: {
    level: 'warning',
    title: 'The CrossTrade Add-On needs an update',
    summary:
      'MCP needs CrossTrade Add-On v1.13.0 or newer; this one is older or lacks MCP features.',
    rank: 150,
    gate: false,
    local: false,
    transient: false,
    notify: 'outdated',
    steps: [
      {
        text: 'Download the latest CrossTrade Add-On from your CrossTrade account and install it in NinjaTrader 8.',
        action: 'open_addon_download',
      },
      {
        text: 'Restart NinjaTrader 8 so the new add-on loads, then confirm the panel says "connected".',
      },
      { text: 'Restart your AI client so it picks up the new tools.' },
      checkAgain,
    ],
  },
  broker_disconnected: {
    level: 'warning',
    title: 'A broker connection is down',
    summary:
      'NinjaTrader reports a broker connection that is not Connected; orders on it will fail.',
    rank: 160,
    gate: false,
    local: false,
    transient: false,
    notify: null,
    steps: [
      { text: 'In NinjaTrader 8 open the Connections menu and reconnect the broker shown below.' },
      {
        text: 'If it keeps dropping, check your internet connection and your broker or data feed status.',
      },
      {
        text: 'The add-on waits for the broker to come back before answering some calls: give it a minute.',
      },
      checkAgain,
    ],
  },
  tools_missing: {
    level: 'warning',
    title: 'Some MCP tools are not listed',
    summary: 'CrossTrade lists fewer tools than an agent needs.',
    rank: 170,
    gate: false,
    local: false,
    transient: false,
    notify: null,
    steps: [
      {
        text: 'Open Details and look at what GetMcpCapabilities reports: the add-on version and its features. No version and no features (an empty add-on side) means NinjaTrader 8 is not connected.',
      },
      {
        text: 'Make sure NinjaTrader 8 is running and the add-on panel says "connected": add-on tools hide while it is not.',
      },
      {
        text: 'Update the CrossTrade Add-On to v1.13.0 or newer.',
        action: 'open_addon_download',
      },
      {
        text: 'Trading tools are hidden by design from a read-only (mcp:read) token: reauthorize an AI client at mcp:trade only if it must trade.',
      },
      { text: 'Restart your AI client: it may be showing old tool metadata it cached.' },
      checkAgain,
    ],
  },
  selftest_degraded: {
    level: 'warning',
    title: 'CrossTrade self-test reports a problem',
    summary: 'McpSelfTest reported a degraded transport or an unavailable category.',
    rank: 180,
    gate: false,
    local: false,
    transient: false,
    notify: null,
    steps: [
      {
        text: "A degraded transport is on CrossTrade's side: wait a few minutes and check again.",
        action: 'check_now',
      },
      {
        text: 'A category marked unavailable means the add-on lacks it: update the CrossTrade Add-On.',
        action: 'open_addon_download',
      },
      {
        text: 'If the self-test timed out, NinjaTrader 8 is not responding: close any dialog open inside it.',
      },
      reportStep,
    ],
  },
  rate_limited: {
    level: 'warning',
    title: 'CrossTrade is rate-limiting requests',
    summary: 'CrossTrade answered 429: too many requests for this account right now.',
    rank: 80,
    gate: false,
    local: false,
    transient: true,
    notify: null,
    steps: [
      { text: 'The monitor backs off by itself and retries when CrossTrade allows.' },
      {
        text: 'Agents, scripts or webhooks sharing your account use the same budget (about 3 requests a second): slow them down.',
      },
      { text: 'Raise the check interval in Settings if this keeps happening.' },
    ],
  },
  server_error: {
    level: 'error',
    title: 'CrossTrade is having trouble',
    summary: "CrossTrade's server answered with an error (5xx): a transient failure on their side.",
    rank: 70,
    gate: false,
    local: false,
    transient: true,
    notify: null,
    steps: [
      { text: 'Nothing to fix on your PC: the monitor retries with backoff.' },
      { text: 'Check again in a few minutes.', action: 'check_now' },
      reportStep,
    ],
  },
  endpoint_not_found: {
    level: 'error',
    title: 'Wrong CrossTrade MCP address',
    summary: "The configured address does not answer as CrossTrade's MCP server.",
    rank: 20,
    gate: true,
    local: false,
    transient: false,
    notify: null,
    steps: [
      { text: 'Set the MCP URL in Settings to exactly https://app.crosstrade.io/v1/api/mcp.' },
      {
        text: 'The old mcp.crosstrade.io address with HTTP+SSE was never the live server: replace it in your AI clients too.',
      },
      checkAgain,
    ],
  },
  discovery_failed: {
    level: 'error',
    title: 'CrossTrade sign-in setup failed',
    summary: 'OAuth discovery, client registration or the token endpoint did not work as expected.',
    rank: 30,
    gate: true,
    local: false,
    transient: false,
    notify: null,
    steps: [
      {
        text: 'The MCP URL in Settings must be exactly https://app.crosstrade.io/v1/api/mcp. The old mcp.crosstrade.io address (HTTP+SSE) was never the live server.',
      },
      {
        text: 'If an AI client shows this error too, remove the CrossTrade server there and add it again: it may hold stale sign-in metadata.',
      },
      {
        text: 'Sign in again; if registration was refused, wait an hour (10 registrations per hour per network).',
        action: 'sign_in',
      },
      { text: "Check your computer's clock: it must be set automatically." },
      reportStep,
    ],
  },
  network_unreachable: {
    level: 'error',
    title: 'Cannot reach CrossTrade',
    summary:
      "This computer is online but cannot reach CrossTrade's server: DNS failure, connection refused or no answer.",
    rank: 10,
    gate: true,
    local: false,
    transient: true,
    // Only while this computer is online (offline is its own, quiet problem), and only once it
    // held for a couple of checks: then CrossTrade itself is out of reach, worth telling.
    notify: 'disconnect',
    hiddenBy: ['offline'],
    steps: [
      { text: 'Check your internet connection.' },
      {
        text: 'If you use a VPN, proxy or firewall, allow app.crosstrade.io. Behind a proxy, check the address it asks for and your proxy sign-in.',
      },
      checkAgain,
    ],
  },
  offline: {
    level: 'unknown',
    title: 'This computer is offline',
    summary:
      'This computer has no network connection, so nothing can be said about CrossTrade until it is back.',
    rank: 5,
    gate: true,
    local: true,
    // Going offline and back is the trader's own doing (a laptop lid, Wi-Fi): no alert, no rush.
    transient: false,
    notify: null,
    steps: [
      { text: 'Connect this computer to the internet (Wi-Fi, cable or VPN).' },
      { text: 'The monitor checks again by itself once the network is back.', action: 'check_now' },
    ],
  },
  tls_untrusted: {
    level: 'error',
    title: "CrossTrade's certificate is not trusted here",
    summary:
      'The secure connection to CrossTrade could not be verified: usually antivirus HTTPS scanning or a company proxy re-signing it.',
    rank: 15,
    gate: true,
    local: true,
    transient: false,
    notify: 'disconnect',
    steps: [
      {
        text: 'In your antivirus (HTTPS, SSL or web scanning settings), add app.crosstrade.io to the exclusions so it is not scanned.',
      },
      {
        text: 'Check your computer\'s date and time: a clock far off makes a valid certificate look expired. Turn on "Set time automatically".',
      },
      {
        text: 'On a company network, ask IT to trust or bypass app.crosstrade.io on the proxy, or to install its root certificate on this computer.',
      },
      checkAgain,
      reportStep,
    ],
  },
  malformed_response: {
    level: 'error',
    title: 'CrossTrade sent an unexpected reply',
    summary: 'A reply was not valid MCP or not the documented payload.',
    rank: 90,
    gate: false,
    local: false,
    transient: false,
    notify: null,
    steps: [
      {
        text: "Check the MCP URL in Settings: a proxy or captive portal can answer in CrossTrade's place.",
      },
      { text: 'Check again in a few minutes.', action: 'check_now' },
      reportStep,
    ],
  },
  client_misconfigured: {
    level: 'warning',
    title: 'An AI client is set up wrongly for CrossTrade',
    summary: "A CrossTrade entry in one of your AI clients' configuration files will fail.",
    rank: 190,
    gate: false,
    local: true,
    transient: false,
    notify: null,
    steps: [
      {
        text: "Fix each entry listed below in that AI client's settings (the monitor never edits them for you).",
      },
      {
        text: 'Use exactly https://app.crosstrade.io/v1/api/mcp with the Streamable HTTP transport.',
      },
      {
        text: 'Remove any token pasted into a configuration file, then revoke it on AI Clients: it is a secret in plain text.',
        action: 'open_ai_clients',
      },
      { text: 'Restart the AI client after editing its configuration.' },
      checkAgain,
    ],
  },
  market_closed: {
    level: 'unknown',
    title: 'Market closed · NinjaTrader is off',
    summary:
      'Outside your trading hours NinjaTrader or the add-on being off is expected: no alert until the market opens.',
    rank: 125,
    gate: false,
    local: false,
    transient: false,
    notify: null,
    steps: [
      {
        text: 'Nothing to do now. Start NinjaTrader 8 before the market opens; the monitor alerts again from then.',
      },
      { text: 'Your trading hours and time zone are in Settings.' },
    ],
  },
};
