// doctor's command line. Anything malformed is a UsageError: exit 64.
import { parseArgs } from 'node:util';
import { OFFICIAL_MCP_URL } from '../shared/crosstrade';
import { checkMcpUrl, NT8_LOCATIONS, type Nt8LocationSetting } from '../shared/settings';
import { isLoopback } from '../electron/monitor/auth/auto-consent';
import { checkProxyUrl } from '../electron/monitor/mcp/proxy';
import { ChannelError, parseChannel } from '../electron/monitor/alerts/channels';

export const EXIT = { ok: 0, warning: 1, error: 2, unknown: 3, usage: 64 } as const;

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export type Command = 'check' | 'login' | 'logout' | 'clients' | 'explain' | 'serve';
const COMMANDS: readonly Command[] = ['check', 'login', 'logout', 'clients', 'explain', 'serve'];

/** Where `doctor serve` listens unless told otherwise: this computer only. */
export const DEFAULT_LISTEN = { host: '127.0.0.1', port: 9464 } as const;

export interface ListenAddress {
  host: string;
  port: number;
}

export interface DoctorArgs {
  command: Command;
  /** Arguments after the command (for subcommands wired from outside, e.g. `clients`). */
  rest: string[];
  url: string;
  /** A warning about the URL worth printing (not CrossTrade's documented address). */
  urlWarning?: string;
  json: boolean;
  stateDir?: string;
  autoConsent: boolean;
  watch: boolean;
  demo: boolean;
  scenario?: string;
  report: boolean;
  /** Seconds between checks with --watch. */
  intervalSec: number;
  /** Stop --watch after this many checks. */
  count?: number;
  /** Per-call timeout, ms. */
  timeoutMs?: number;
  /** An HTTP(S) proxy for every request (else HTTPS_PROXY / HTTP_PROXY / NO_PROXY). */
  proxy?: string;
  verbose: boolean;
  color?: boolean;
  help: boolean;
  /** Where NinjaTrader runs (auto: learned and remembered in the state folder). */
  nt8: Nt8LocationSetting;
  /** With --watch: NT8 or add-on off outside trading hours is "market closed", not an alert. */
  tradingHours: boolean;
  /** `serve`: the address of /metrics, /healthz and /status. */
  listen: ListenAddress;
  /** `serve`: a warning worth printing about --listen (reachable from other computers). */
  listenWarning?: string;
  /** `serve`: a name for this computer in metrics (e.g. vps-2). */
  label?: string;
  /** `serve` and --watch: alert channel URLs (secrets: never printed). */
  notify: string[];
}

export const USAGE = `Usage: npm run doctor -- [command] [options]

Checks the CrossTrade MCP chain (server, sign-in, NinjaTrader 8 add-on, broker connections).

Commands:
  check (default)     run one check (or keep checking with --watch)
  login               sign in (opens your browser; --auto-consent for the simulator)
  logout              revoke and forget the saved sign-in
  clients             audit the AI clients' CrossTrade entries
  serve               keep checking and serve /metrics (Prometheus), /healthz and /status
  explain [TEXT]      explain an error from your AI client (reads stdin without TEXT),
                      with the live check when signed in; --report adds it to the report

Options:
  --url URL           MCP address (default ${OFFICIAL_MCP_URL})
  --json              one JSON object per check on stdout
  --state-dir DIR     where the sign-in and history live (default ~/.crosstrade-mcp-monitor)
  --auto-consent      sign in without a browser (simulator on this computer only)
  --watch             keep checking; one line per check, changes highlighted
  --interval SEC      seconds between checks with --watch (default 30; at least 10 off this computer)
  --count N           stop --watch after N checks
  --timeout MS        per-call timeout (default 10000)
  --proxy URL         send every request through this HTTP proxy (default: HTTPS_PROXY,
                      HTTP_PROXY and NO_PROXY from the environment)
  --demo              start the simulator in this process, sign in and check it
  --scenario NAME     simulator scenario for --demo (e.g. addon_disconnected)
  --report            print the redacted support report
  --nt8 WHERE         where NinjaTrader 8 runs: auto (learned), local or remote (default auto)
  --trading-hours ON  with --watch, NT8 or add-on off outside CME Globex hours (Sun 17:00 –
                      Fri 16:00 US Central) shows as market closed: on or off (default on)
  --listen HOST:PORT  with serve: where to listen (default 127.0.0.1:9464, this computer only)
  --label NAME        with serve or --watch: this computer's name in metrics and alerts
  --notify URL        with serve or --watch: send broken/recovered alerts to ntfy://TOPIC,
                      telegram://BOT_TOKEN@CHAT_ID, a Discord or Slack webhook, or any https://
                      URL as JSON (repeatable)
  --verbose           log what the monitor does on stderr
  --no-color          plain output (also NO_COLOR, or when stdout is not a terminal)
  -h, --help          this help

Exit status: 0 ok, 1 warning, 2 error, 3 unknown (e.g. signed out), 64 bad usage.`;

function positiveNumber(raw: string | undefined, flag: string): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new UsageError(`${flag} needs a positive number (got "${raw}").`);
  return value;
}

function nt8Location(raw: string | undefined): Nt8LocationSetting {
  if (raw === undefined) return 'auto';
  const value = NT8_LOCATIONS.find((where) => where === raw.trim().toLowerCase());
  if (!value) {
    throw new UsageError(`--nt8 needs ${NT8_LOCATIONS.join(', ')} (got "${raw}").`);
  }
  return value;
}

function onOff(raw: string | undefined, flag: string): boolean {
  if (raw === undefined) return true;
  const value = raw.trim().toLowerCase();
  if (value === 'on') return true;
  if (value === 'off') return false;
  throw new UsageError(`${flag} needs on or off (got "${raw}").`);
}

function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** `HOST:PORT` or `[IPv6]:PORT`; port 0 picks a free one. */
export function listenAddress(raw: string): ListenAddress {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(raw.trim());
  const port = match ? Number(match[3]) : NaN;
  const host = match ? (match[1] ?? match[2] ?? '') : '';
  if (!match || host === '' || port > 65535) {
    throw new UsageError(`--listen needs HOST:PORT, e.g. 127.0.0.1:9464 (got "${raw}").`);
  }
  return { host, port };
}

export function parseDoctorArgs(argv: readonly string[]): DoctorArgs {
  // `clients` has options of its own (--home, --platform…): hand them over untouched.
  if (argv[0] === 'clients') {
    return {
      ...parseDoctorArgs([]),
      command: 'clients',
      rest: argv.slice(1),
    };
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        url: { type: 'string' },
        json: { type: 'boolean', default: false },
        'state-dir': { type: 'string' },
        'auto-consent': { type: 'boolean', default: false },
        watch: { type: 'boolean', default: false },
        interval: { type: 'string' },
        count: { type: 'string' },
        timeout: { type: 'string' },
        proxy: { type: 'string' },
        demo: { type: 'boolean', default: false },
        scenario: { type: 'string' },
        report: { type: 'boolean', default: false },
        nt8: { type: 'string' },
        'trading-hours': { type: 'string' },
        listen: { type: 'string' },
        label: { type: 'string' },
        notify: { type: 'string', multiple: true },
        verbose: { type: 'boolean', default: false },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  const [first, ...rest] = positionals;
  const command = (first ?? 'check') as Command;
  if (!COMMANDS.includes(command)) {
    throw new UsageError(`Unknown command "${first}". Commands: ${COMMANDS.join(', ')}.`);
  }
  if (command !== 'clients' && command !== 'explain' && rest.length > 0) {
    throw new UsageError(`Unexpected argument "${rest[0]}".`);
  }

  const args: DoctorArgs = {
    command,
    rest,
    url: values.url ?? OFFICIAL_MCP_URL,
    json: values.json,
    autoConsent: values['auto-consent'],
    watch: values.watch,
    demo: values.demo,
    report: values.report,
    verbose: values.verbose,
    help: values.help,
    intervalSec: positiveNumber(values.interval, '--interval') ?? 30,
    nt8: nt8Location(values.nt8),
    tradingHours: onOff(values['trading-hours'], '--trading-hours'),
    listen: { ...DEFAULT_LISTEN },
    notify: [],
  };
  if (args.help) return args;
  if (command !== 'serve' && values.listen !== undefined) {
    throw new UsageError('--listen only works with "serve".');
  }
  if (command !== 'serve' && !args.watch && values.label !== undefined) {
    throw new UsageError('--label only works with "serve" or --watch.');
  }
  if (values.notify !== undefined) {
    if (command !== 'serve' && !args.watch) {
      throw new UsageError('--notify only works with "serve" or --watch.');
    }
    values.notify.forEach((url, i) => {
      try {
        parseChannel(url);
      } catch (error) {
        // The URL holds the channel's secret: name its position, never echo it.
        if (error instanceof ChannelError)
          throw new UsageError(`--notify #${i + 1}: ${error.message}`);
        throw error;
      }
    });
    args.notify = values.notify;
  }
  if (values.listen !== undefined) {
    args.listen = listenAddress(values.listen);
    if (!isLoopbackHost(args.listen.host)) {
      args.listenWarning =
        `serving on ${values.listen}: other computers can read this monitor's status. ` +
        'Put a firewall or a reverse proxy with authentication in front of it.';
    }
  }
  if (values.label !== undefined) {
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(values.label)) {
      throw new UsageError(
        `--label needs 1 to 64 letters, digits, dots, dashes or underscores (got "${values.label}").`,
      );
    }
    args.label = values.label;
  }
  if (values['state-dir'] !== undefined) args.stateDir = values['state-dir'];
  if (values['no-color']) args.color = false;
  else if (values.color !== undefined) args.color = values.color;
  const count = positiveNumber(values.count, '--count');
  if (count !== undefined) {
    if (!Number.isInteger(count)) throw new UsageError('--count needs a whole number.');
    args.count = count;
  }
  const timeout = positiveNumber(values.timeout, '--timeout');
  if (timeout !== undefined) args.timeoutMs = timeout;
  if (values.proxy !== undefined) {
    const problem = checkProxyUrl(values.proxy);
    if (problem) throw new UsageError(`Bad --proxy: ${problem}.`);
    args.proxy = values.proxy;
  }

  if (args.demo) {
    if (values.url !== undefined)
      throw new UsageError('--demo starts its own simulator: leave out --url.');
    if (command === 'login' || command === 'logout' || command === 'explain') {
      throw new UsageError(`--demo cannot be combined with "${command}".`);
    }
    if (values.scenario !== undefined) args.scenario = values.scenario;
    return args;
  }
  if (values.scenario !== undefined) throw new UsageError('--scenario only works with --demo.');

  const check = checkMcpUrl(args.url);
  if (!check.ok) throw new UsageError(`Bad --url: ${check.error}`);
  if (check.warning) args.urlWarning = check.warning;
  if (args.autoConsent && !isLoopback(args.url)) {
    throw new UsageError(
      '--auto-consent only works with a server on this computer (127.0.0.1 or localhost), ' +
        `not ${new URL(args.url).host}. To sign in to CrossTrade, run: npm run doctor -- login`,
    );
  }
  if (!isLoopback(args.url) && args.intervalSec < 10) {
    throw new UsageError('--interval must be at least 10 seconds for a server off this computer.');
  }
  if (args.intervalSec < 0.25) throw new UsageError('--interval must be at least 0.25 seconds.');
  return args;
}
