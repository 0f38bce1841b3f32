// `doctor`: one check (or --watch) of the CrossTrade MCP chain from a terminal. Everything it
// prints comes from snapshots and reports, which never hold a token.
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { homedir, networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HealthSnapshot, Level } from '../shared/health';
import type { MonitorEngine, TokenStore } from '../electron/monitor/engine-types';
import { autoConsent } from '../electron/monitor/auth/auto-consent';
import { createEngine } from '../electron/monitor/engine';
import { TokenSaveError } from '../electron/monitor/auth/auth-state';
import { FileTokenStore, MemoryTokenStore } from '../electron/monitor/auth/file-token-store';
import { openTokenStore } from '../electron/monitor/auth/keyring-token-store';
import { signInErrorMessage } from '../electron/monitor/auth/sign-in-error';
import { createProxyFetch } from '../electron/monitor/mcp/proxy';
import { isOpenableSignInUrl } from '../shared/sign-in-url';
import { CME_GLOBEX, type TradingHours } from '../shared/trading-hours';
import { redact } from '../shared/redact';
import { explainWithLive } from '../shared/explain';
import { EXIT, parseDoctorArgs, USAGE, UsageError } from './args';
import type { DoctorArgs } from './args';
import { createStyle, humanReport, snapshotJson, transitionLine, watchLine } from './format';
import type { Style } from './format';
import { openInBrowser } from './open-browser';
import { explainHuman, explainJson, readPaste } from './explain';
import { serveUntilStopped } from './serve';
import { parseChannel, type ChannelBases } from '../electron/monitor/alerts/channels';
import { createAlertDispatcher, type RetryPolicy } from '../electron/monitor/alerts/dispatcher';

export const CLIENT_VERSION = '0.1.0';
/** Exit status after Ctrl-C or SIGTERM ended a check or a sign-in (128 + SIGINT). */
const EXIT_INTERRUPTED = 130;

export interface DoctorIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** stdout is a terminal (colour allowed). */
  isTTY: boolean;
  env: Record<string, string | undefined>;
  /** Aborted on Ctrl-C: ends --watch and a pending sign-in. */
  signal?: AbortSignal;
  /** Opens the authorization URL for `login` (default: the system browser). */
  openUrl?: (url: string) => Promise<void> | void;
  /** Reads standard input to its end (at most `limit` characters): `explain` without TEXT. */
  readStdin?: (limit: number) => Promise<string>;
}

export interface DemoServer {
  url: string;
  close(): Promise<void>;
}

export interface DoctorDeps {
  /** Starts the simulator for --demo (bin/doctor.ts imports it; the engine may not). */
  startDemo?: (scenario: string | undefined) => Promise<DemoServer>;
  /** Extra subcommands wired from outside, e.g. `clients` (the AI-client audit). */
  subcommands?: Partial<Record<'clients', (args: string[], io: DoctorIO) => Promise<number>>>;
  /** Tests pin the clock-free parts (NT8 check) here. */
  nt8ProcessCheck?: () => Promise<'running' | 'not_running' | 'unknown'>;
  /** The trading-hours schedule --watch keeps to (default CME Globex); tests pin it here. */
  tradingHours?: TradingHours;
  /** Alert channel servers and retry timing (tests point them at local receivers). */
  alerts?: ChannelBases & { retry?: Partial<RetryPolicy> };
  /** Does this computer have a network? Default: a network interface other than loopback has an address. */
  isOnline?: () => boolean;
}

/** Online as far as the OS can tell: some interface besides loopback has an address. */
export function hasNetworkInterface(): boolean {
  return Object.values(networkInterfaces()).some((addresses) =>
    (addresses ?? []).some((a) => !a.internal && a.address !== ''),
  );
}

const EXIT_BY_LEVEL: Record<Level, number> = {
  ok: EXIT.ok,
  warning: EXIT.warning,
  error: EXIT.error,
  unknown: EXIT.unknown,
};

function defaultStateDir(env: DoctorIO['env']): string {
  return join(env.HOME ?? env.USERPROFILE ?? homedir(), '.crosstrade-mcp-monitor');
}

/** Each server gets its own folder: credentials are never sent to another server. */
function serverDir(stateDir: string, url: string): string {
  const parsed = new URL(url);
  const hash = createHash('sha256').update(url).digest('hex').slice(0, 10);
  return join(stateDir, 'servers', `${parsed.hostname.replace(/[^a-z0-9.-]/gi, '_')}-${hash}`);
}

/** --watch on the simulator may poll faster than the app's 10 s floor; error re-checks scale with it. */
function watchTiming(intervalSec: number) {
  const intervalMs = intervalSec * 1000;
  return { intervalMs, errorRecheckMs: Math.min(10_000, intervalMs) };
}

interface Context {
  args: DoctorArgs;
  io: DoctorIO;
  style: Style;
  deps: DoctorDeps;
  /** Failures to save the sign-in, and whether each was printed yet. */
  saveErrors: Map<string, boolean>;
  /** The error pasted for `explain`. */
  paste?: string;
}

const SAVE_HINT = 'Choose a writable --state-dir.';

/** Prints each failure to save the sign-in once (a rotated token that is not saved is lost). */
function reportSaveErrors(ctx: Context): void {
  for (const [message, printed] of ctx.saveErrors) {
    if (printed) continue;
    ctx.saveErrors.set(message, true);
    ctx.io.stderr(`doctor: ${message}. ${SAVE_HINT}`);
  }
}

export async function runDoctor(
  argv: readonly string[],
  io: DoctorIO,
  deps: DoctorDeps = {},
): Promise<number> {
  let args: DoctorArgs;
  try {
    args = parseDoctorArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`doctor: ${error.message}\nRun "npm run doctor -- --help" for usage.`);
    return EXIT.usage;
  }
  if (args.help) {
    io.stdout(USAGE);
    return EXIT.ok;
  }
  const colour = args.color ?? (io.isTTY && !io.env.NO_COLOR);
  const ctx: Context = { args, io, style: createStyle(colour), deps, saveErrors: new Map() };
  try {
    if (args.command === 'clients') return await runClients(ctx);
    if (args.command === 'explain') {
      ctx.paste = await readPaste({
        rest: args.rest,
        ...(io.readStdin ? { readStdin: io.readStdin } : {}),
      });
    }
    return await runWithServer(ctx);
  } catch (error) {
    // Never a stack trace: one line the trader can act on.
    io.stderr(`doctor: ${signInErrorMessage(error)}`);
    return error instanceof UsageError ? EXIT.usage : EXIT.error;
  }
}

async function runClients(ctx: Context): Promise<number> {
  const handler = ctx.deps.subcommands?.clients;
  if (!handler) {
    ctx.io.stderr('doctor: the AI-client audit ("clients") is not available in this build.');
    return EXIT.usage;
  }
  return handler(ctx.args.rest, ctx.io);
}

async function runWithServer(ctx: Context): Promise<number> {
  const { args, io } = ctx;
  let demo: DemoServer | undefined;
  let tempDir: string | undefined;
  let url = args.url;
  let store: TokenStore;
  let stateDir: string;
  if (args.demo) {
    if (!ctx.deps.startDemo) throw new Error('--demo is not available in this build.');
    demo = await ctx.deps.startDemo(args.scenario);
    url = demo.url;
    // A fresh simulator knows no earlier sign-in: keep nothing from this run.
    tempDir = await mkdtemp(join(tmpdir(), 'crosstrade-doctor-demo-'));
    stateDir = tempDir;
    store = new MemoryTokenStore();
    if (!args.json)
      io.stderr(
        `Demo: CrossTrade MCP simulator at ${url}${args.scenario ? ` (scenario ${args.scenario})` : ''}`,
      );
  } else {
    if (args.urlWarning) io.stderr(`doctor: warning: ${args.urlWarning}`);
    stateDir = serverDir(args.stateDir ?? defaultStateDir(io.env), url);
    const onSaveError = (error: TokenSaveError) => {
      const message = signInErrorMessage(error);
      if (!ctx.saveErrors.has(message)) ctx.saveErrors.set(message, false);
    };
    const file = new FileTokenStore(join(stateDir, 'auth.json'), onSaveError);
    // The sign-in goes to the OS keychain, unless a --state-dir asks for it to live in that
    // folder (a server's cron job, a test): then the owner-only file there is the store.
    store =
      args.stateDir === undefined
        ? await openTokenStore({ serverUrl: url, file, warn: io.stderr, onSaveError })
        : file;
  }
  // The demo's simulator is on this computer: a proxy from the environment would only get in
  // the way. An explicit --proxy is always honoured.
  const proxyFetch = createProxyFetch({
    ...(args.proxy !== undefined ? { proxy: args.proxy } : {}),
    env: args.demo && args.proxy === undefined ? {} : io.env,
  });
  if (proxyFetch && args.verbose) io.stderr('[info] Requests go through the configured proxy.');
  const engine = createEngine({
    serverUrl: url,
    tokenStore: store,
    stateDir,
    clientVersion: CLIENT_VERSION,
    ...(proxyFetch ? { fetch: proxyFetch } : {}),
    isOnline: ctx.deps.isOnline ?? hasNetworkInterface,
    ...(args.timeoutMs !== undefined ? { callTimeoutMs: args.timeoutMs } : {}),
    ...(ctx.deps.nt8ProcessCheck ? { nt8ProcessCheck: ctx.deps.nt8ProcessCheck } : {}),
    ...(args.watch || args.command === 'serve'
      ? { intervalSec: args.intervalSec, timing: watchTiming(args.intervalSec) }
      : {}),
    nt8Location: args.nt8,
    // Only --watch and serve keep quiet outside trading hours: a one-off check reports what it sees.
    ...((args.watch || args.command === 'serve') && args.tradingHours
      ? { tradingHours: ctx.deps.tradingHours ?? CME_GLOBEX }
      : {}),
    ...(args.verbose ? { log: (level, message) => io.stderr(`[${level}] ${message}`) } : {}),
  });
  const alerts =
    args.notify.length > 0
      ? createAlertDispatcher({
          channels: args.notify.map((raw) => parseChannel(raw, ctx.deps.alerts ?? {})),
          ...(args.label !== undefined ? { label: args.label } : {}),
          ...(ctx.deps.alerts?.retry ? { retry: ctx.deps.alerts.retry } : {}),
          log: (_level, message) => io.stderr(`doctor: ${message}`),
        })
      : undefined;
  const offAlerts = alerts ? engine.on('transition', (t) => alerts.notify(t)) : undefined;
  // Ctrl-C / SIGTERM stops the engine at once: that aborts every pending OAuth request (a
  // stalled refresh or sign-in) instead of waiting for it.
  let stopping: Promise<void> | undefined;
  const stopEngine = () => (stopping ??= engine.stop());
  const onInterrupt = () => void stopEngine();
  io.signal?.addEventListener('abort', onInterrupt, { once: true });
  try {
    if (args.command === 'logout') return await logout(ctx, engine);
    if (args.command === 'login') return await login(ctx, engine);
    if (args.command === 'explain') return await explain(ctx, engine, store);
    if (args.command === 'serve') return await serve(ctx, engine, args.demo || args.autoConsent);
    return await check(ctx, engine, args.demo || args.autoConsent);
  } finally {
    io.signal?.removeEventListener('abort', onInterrupt);
    await stopEngine();
    offAlerts?.();
    if (alerts) {
      // The last alert gets a moment to leave; then whatever still retries is dropped.
      await Promise.race([alerts.idle(), new Promise((r) => setTimeout(r, 3_000).unref())]);
      await alerts.close();
    }
    await demo?.close();
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  }
}

async function signIn(ctx: Context, engine: MonitorEngine, automatic: boolean): Promise<boolean> {
  const { io } = ctx;
  const openUrl = automatic
    ? autoConsent(fetch, {
        ...(ctx.args.timeoutMs !== undefined ? { timeoutMs: ctx.args.timeoutMs } : {}),
        ...(io.signal ? { signal: io.signal } : {}),
      })
    : async (url: string) => {
        // The address comes from the server's metadata: never hand the OS a file:, smb: or
        // app-protocol URL, nor print one as a link to follow.
        if (!isOpenableSignInUrl(url)) {
          throw new Error(
            'Refused to open the sign-in address CrossTrade named: it must be https:// (http:// only on this computer).',
          );
        }
        io.stderr('Opening your browser to sign in to CrossTrade (read-only access, mcp:read)…');
        io.stderr(`If it does not open, visit:\n  ${url}`);
        await (io.openUrl ?? openInBrowser)(url);
      };
  try {
    await engine.signIn({ openUrl, ...(io.signal ? { signal: io.signal } : {}) });
    return true;
  } catch (error) {
    const cause = error instanceof Error ? error.cause : undefined;
    if (cause instanceof TokenSaveError) {
      const message = signInErrorMessage(cause);
      ctx.saveErrors.set(message, true);
      io.stderr(`doctor: sign-in failed: ${message}. ${SAVE_HINT}`);
    } else {
      io.stderr(`doctor: sign-in failed: ${signInErrorMessage(error)}`);
    }
    return false;
  }
}

function interrupted(ctx: Context): boolean {
  if (!ctx.io.signal?.aborted) return false;
  ctx.io.stderr('doctor: interrupted.');
  return true;
}

async function login(ctx: Context, engine: MonitorEngine): Promise<number> {
  const signedIn = await signIn(ctx, engine, ctx.args.autoConsent);
  if (interrupted(ctx)) return EXIT_INTERRUPTED;
  const snapshot = signedIn ? engine.snapshot : await engine.checkNow();
  await print(ctx, engine, snapshot);
  reportSaveErrors(ctx);
  return signedIn
    ? EXIT_BY_LEVEL[snapshot.level]
    : Math.max(EXIT_BY_LEVEL[snapshot.level], EXIT.error);
}

async function logout(ctx: Context, engine: MonitorEngine): Promise<number> {
  await engine.signOut();
  if (ctx.args.json) ctx.io.stdout(JSON.stringify({ signedOut: true }));
  else ctx.io.stdout('Signed out: the saved CrossTrade sign-in was revoked and removed.');
  return EXIT.ok;
}

/** Query values that look secret (`?access_token=…`, a long opaque run) never reach the screen. */
function hintUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return redact(raw);
  }
  const secretKey = /token|secret|key|code|sig|pass|auth|session|cred/i;
  for (const [key, value] of [...url.searchParams]) {
    if (secretKey.test(key) || redact(value) !== value) url.searchParams.set(key, 'REDACTED');
  }
  return url.href;
}

/** Would a fresh sign-in help? (no credentials, or CrossTrade refused them) */
function needsSignIn(snapshot: HealthSnapshot): boolean {
  return snapshot.problems.some((p) => p.id === 'signed_out' || p.id === 'token_invalid');
}

/** `doctor serve`: signs in when it may, then checks on the schedule until SIGTERM; exit 0. */
async function serve(ctx: Context, engine: MonitorEngine, automatic: boolean): Promise<number> {
  const { args, io } = ctx;
  if (args.listenWarning) io.stderr(`doctor: warning: ${args.listenWarning}`);
  let first = await engine.checkNow();
  if (interrupted(ctx)) return EXIT.ok;
  if (automatic && needsSignIn(first) && (await signIn(ctx, engine, true))) first = engine.snapshot;
  reportSaveErrors(ctx);
  await serveUntilStopped({
    engine,
    first,
    listen: args.listen,
    ...(args.label !== undefined ? { label: args.label } : {}),
    ...(io.signal ? { signal: io.signal } : {}),
    onListening: ({ host, port }) => {
      const shown = host.includes(':') ? `[${host}]` : host;
      io.stderr(`doctor serve: listening on http://${shown}:${port} (/metrics, /healthz, /status)`);
    },
    ...(args.verbose ? { log: (line: string) => io.stderr(`[info] check ${line}`) } : {}),
  });
  reportSaveErrors(ctx);
  // Stopped on purpose (SIGTERM, Ctrl-C): a clean exit for systemd and Task Scheduler.
  return EXIT.ok;
}

async function check(ctx: Context, engine: MonitorEngine, automatic: boolean): Promise<number> {
  let snapshot = await engine.checkNow();
  if (interrupted(ctx)) return EXIT_INTERRUPTED;
  let signInFailed = false;
  if (automatic && needsSignIn(snapshot)) {
    signInFailed = !(await signIn(ctx, engine, true));
    if (interrupted(ctx)) return EXIT_INTERRUPTED;
    // A failed sign-in is carried into the next check, which says what CrossTrade did wrong.
    snapshot = signInFailed ? await engine.checkNow() : engine.snapshot;
    if (interrupted(ctx)) return EXIT_INTERRUPTED;
  }
  if (ctx.args.watch) return watch(ctx, engine, snapshot);
  await print(ctx, engine, snapshot);
  reportSaveErrors(ctx);
  if (snapshot.token.state !== 'signed_in' && !automatic && !ctx.args.json) {
    ctx.io.stderr(`To sign in, run: npm run doctor -- login --url ${hintUrl(ctx.args.url)}`);
  }
  const code = EXIT_BY_LEVEL[snapshot.level];
  return signInFailed ? Math.max(code, EXIT.error) : code;
}

async function print(ctx: Context, engine: MonitorEngine, snapshot: HealthSnapshot): Promise<void> {
  const { args, io, style } = ctx;
  if (args.report) {
    const report = await engine.report();
    io.stdout(args.json ? JSON.stringify(report.json) : report.text);
    return;
  }
  io.stdout(
    args.json ? JSON.stringify(snapshotJson(snapshot)) : humanReport(snapshot, style, Date.now()),
  );
}

/**
 * Explains the pasted error, with a live check when the monitor is signed in here (no request to
 * CrossTrade otherwise). The exit status is the worse of the error's level and the live check's.
 */
async function explain(ctx: Context, engine: MonitorEngine, store: TokenStore): Promise<number> {
  const { args, io, style } = ctx;
  let live: HealthSnapshot | null = null;
  const saved = await store.load();
  if (saved?.tokens !== undefined || args.autoConsent) {
    let snapshot = await engine.checkNow();
    if (interrupted(ctx)) return EXIT_INTERRUPTED;
    if (args.autoConsent && needsSignIn(snapshot) && (await signIn(ctx, engine, true))) {
      snapshot = engine.snapshot;
    }
    if (snapshot.status === 'checked' && snapshot.token.state !== 'signed_out') live = snapshot;
  }
  const result = explainWithLive(ctx.paste ?? '', live);
  if (args.report) {
    const report = await engine.report({
      failedAt: new Date().toISOString(),
      ...(result.explanation.tool ? { tool: result.explanation.tool } : {}),
      error: ctx.paste ?? '',
      matched: result.explanation.matches.map((m) => m.id),
    });
    io.stdout(args.json ? JSON.stringify(report.json) : report.text);
  } else {
    io.stdout(args.json ? JSON.stringify(explainJson(result)) : explainHuman(result, style));
  }
  reportSaveErrors(ctx);
  return EXIT_BY_LEVEL[result.level];
}

async function watch(ctx: Context, engine: MonitorEngine, first: HealthSnapshot): Promise<number> {
  const { args, io, style } = ctx;
  let last = first;
  let checks = 0;
  const done = new AbortController();
  const show = (snapshot: HealthSnapshot) => {
    last = snapshot;
    checks++;
    io.stdout(args.json ? JSON.stringify(snapshotJson(snapshot)) : watchLine(snapshot, style));
    reportSaveErrors(ctx);
    if (args.count !== undefined && checks >= args.count) done.abort();
  };
  show(first);
  if (!done.signal.aborted) {
    const offSnapshot = engine.on('snapshot', (snapshot) => {
      if (snapshot.status === 'checked') show(snapshot);
    });
    const offTransition = engine.on('transition', (transition) => {
      // Market closed is news to no one: the app shows no notification for it either.
      const quiet = transition.added.every((id) => id === 'market_closed');
      if (transition.notifyWorthy && !args.json && !(quiet && transition.added.length > 0)) {
        io.stdout(transitionLine(transition, style));
      }
    });
    const onStop = () => done.abort();
    io.signal?.addEventListener('abort', onStop, { once: true });
    // The first check just ran: the scheduler's next one follows after one interval.
    engine.start();
    // The engine never keeps a process alive (its timers are unref'd); watching is this
    // process's whole job, so hold it open until Ctrl-C or --count.
    const keepAlive = setInterval(() => undefined, 60_000);
    await new Promise<void>((resolve) => {
      if (done.signal.aborted) resolve();
      else done.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    clearInterval(keepAlive);
    io.signal?.removeEventListener('abort', onStop);
    offSnapshot();
    offTransition();
  }
  return EXIT_BY_LEVEL[last.level];
}
