// One check → Observation. A healthy check is one request (GetMcpCapabilities on the open
// session); slower-changing facts are re-read on a schedule, and a call that failed is re-run on
// the next check until it answers, so a problem seen once is confirmed or cleared, not forgotten.
import type {
  CallRecord,
  Nt8ProcessState,
  Observation,
  ProblemId,
  TokenStatus,
} from '../../../shared/health';
import { TOOL } from '../../../shared/mcp-tools';
import { addonSideEmpty, parseCapabilities, payloadOf } from '../../../shared/payloads';
import type { Nt8ProcessCheck } from '../engine-types';
import { answeredCall, failedCall, isNetworkError, isTimeout } from '../mcp/classify';
import type { Recorder } from '../mcp/fetch-wrappers';
import type { McpSession } from '../mcp/session';

/** The part of McpSession the probe uses. */
export type ProbeSession = Pick<
  McpSession,
  'connected' | 'ensureConnected' | 'callTool' | 'listTools'
>;

/** GetConnections at the first check and every Nth after. */
export const CONNECTIONS_EVERY = 4;
export const SELF_TEST_EVERY_MS = 30 * 60 * 1000;
const NT8_CHECK_LIMIT_MS = 3000;

/** What the probe remembers between checks. Reset on sign-in or a new server URL. */
export interface ProbeMemory {
  checks: number;
  addonUp?: boolean;
  toolsListed: boolean;
  lastSelfTestAt?: number;
  /** Follow-up calls still owed: scheduled ones not yet answered, failed ones to re-run. */
  owed: Set<string>;
  /** Problems of the last snapshot: a problem found by a slow call is re-checked until it clears. */
  active: ReadonlySet<ProblemId>;
}

export function freshMemory(): ProbeMemory {
  return { checks: 0, toolsListed: false, owed: new Set(), active: new Set() };
}

export interface ProbeContext {
  session: ProbeSession;
  recorder: Recorder;
  serverUrl: string;
  token: () => TokenStatus;
  nt8Check: Nt8ProcessCheck;
  /** Monitor clock (scheduling, timestamps). */
  now: () => number;
  /** Calls to report in this check that happened outside it (a failed sign-in). */
  carried?: CallRecord[];
}

interface ProbeCallResult<T> {
  record: CallRecord;
  value?: T;
  /** The session was torn down (timeout, network): later calls of this check are pointless. */
  sessionLost: boolean;
}

async function timed<T>(
  ctx: ProbeContext,
  name: string,
  run: () => Promise<T>,
  answered: (value: T, ms: number, since: number) => CallRecord,
): Promise<ProbeCallResult<T>> {
  const since = ctx.recorder.lastSeq;
  const started = performance.now();
  try {
    const value = await run();
    const record = answered(value, performance.now() - started, since);
    return { record, value, sessionLost: false };
  } catch (error) {
    const ms = performance.now() - started;
    const records = ctx.recorder.since(since);
    return {
      record: failedCall(name, error, ms, records, ctx.serverUrl),
      sessionLost: isTimeout(error) || isNetworkError(error) || !ctx.session.connected,
    };
  }
}

function callTool(ctx: ProbeContext, name: string, args: Record<string, unknown> = {}) {
  return timed(
    ctx,
    name,
    () => ctx.session.callTool(name, args),
    (result, ms, since) => answeredCall(name, result, ms, ctx.recorder.since(since), ctx.serverUrl),
  );
}

/** Add-on up per GetMcpCapabilities; undefined when the call did not answer readably. */
function addonUpFrom(call: CallRecord): boolean | undefined {
  if (call.outcome !== 'ok') return undefined;
  const payload = payloadOf(call);
  const parsed = payload.ok ? parseCapabilities(payload.value) : payload;
  return parsed.ok ? !addonSideEmpty(parsed.value) : undefined;
}

/** Server `Date` minus local time from the newest response of this check that had one. */
function clockSkew(ctx: ProbeContext, since: number): number | undefined {
  const dated = ctx.recorder
    .since(since)
    .filter((r) => r.headers.date !== undefined)
    .at(-1);
  const serverTime = dated?.headers.date ? Date.parse(dated.headers.date) : NaN;
  if (!dated || !Number.isFinite(serverTime)) return undefined;
  // HTTP dates have 1 s resolution: compare with the local second the answer arrived in.
  return serverTime - Math.floor(dated.receivedAt / 1000) * 1000;
}

async function nt8State(check: Nt8ProcessCheck): Promise<Nt8ProcessState> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<Nt8ProcessState>((resolve) => {
    timer = setTimeout(() => resolve('unknown'), NT8_CHECK_LIMIT_MS);
    timer.unref();
  });
  try {
    return await Promise.race([check().catch((): Nt8ProcessState => 'unknown'), limit]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs one check; updates `memory` for the next one. Never throws. */
export async function runProbe(ctx: ProbeContext, memory: ProbeMemory): Promise<Observation> {
  const started = performance.now();
  const checkedAt = new Date(ctx.now()).toISOString();
  const firstSeq = ctx.recorder.lastSeq;
  const calls: CallRecord[] = [...(ctx.carried ?? [])];
  let tools: string[] | undefined;

  const nt8 = nt8State(ctx.nt8Check);
  await (async () => {
    let fresh = false;
    if (!ctx.session.connected) {
      const connect = await timed(
        ctx,
        'connect',
        () => ctx.session.ensureConnected(),
        (_fresh, ms): CallRecord => ({ name: 'connect', outcome: 'ok', ms: Math.round(ms) }),
      );
      if (connect.record.outcome !== 'ok') {
        calls.push(connect.record);
        return;
      }
      fresh = true;
    }

    const capabilities = await callTool(ctx, TOOL.capabilities);
    calls.push(capabilities.record);
    if (capabilities.sessionLost) return;
    const addonUp = addonUpFrom(capabilities.record);
    const changed =
      addonUp !== undefined && memory.addonUp !== undefined && addonUp !== memory.addonUp;
    if (addonUp !== undefined) memory.addonUp = addonUp;

    const first = memory.checks === 0;
    const nth = memory.checks % CONNECTIONS_EVERY === 0;
    // A broker that is down is watched every check until it is back.
    if (first || changed || nth || memory.active.has('broker_disconnected')) {
      memory.owed.add(TOOL.connections);
    }
    const selfTestStale =
      memory.lastSelfTestAt === undefined ||
      ctx.now() - memory.lastSelfTestAt >= SELF_TEST_EVERY_MS;
    // The self-test is heavier: a degraded one is re-run at the GetConnections pace, not every check.
    if (first || changed || selfTestStale || (nth && memory.active.has('selftest_degraded'))) {
      memory.owed.add(TOOL.selfTest);
    }

    // Notifications never arrive (the GET stream is refused): re-list when the add-on changed,
    // and while tools are missing: a list taken as the add-on blinked would otherwise stick.
    if (fresh || changed || !memory.toolsListed || memory.active.has('tools_missing')) {
      const listed = await timed(
        ctx,
        'tools/list',
        () => ctx.session.listTools(),
        (_names, ms): CallRecord => ({ name: 'tools/list', outcome: 'ok', ms: Math.round(ms) }),
      );
      if (listed.value) {
        tools = listed.value;
        memory.toolsListed = true;
      }
      calls.push(listed.record);
      if (listed.sessionLost) return;
    }

    // Behind a refused capabilities call every tool call fails the same way: don't pile on.
    if (capabilities.record.outcome !== 'ok' && capabilities.record.outcome !== 'tool_error')
      return;

    for (const name of [TOOL.connections, TOOL.selfTest]) {
      if (!memory.owed.has(name)) continue;
      const outcome = await callTool(ctx, name);
      calls.push(outcome.record);
      if (outcome.record.outcome === 'ok') {
        memory.owed.delete(name);
        if (name === TOOL.selfTest) memory.lastSelfTestAt = ctx.now();
      }
      if (outcome.sessionLost) return;
    }
  })();

  memory.checks++;
  const observation: Observation = {
    checkedAt,
    serverUrl: ctx.serverUrl,
    token: ctx.token(),
    calls,
    nt8Process: await nt8,
    latencyMs: Math.round(performance.now() - started),
  };
  if (tools) observation.tools = tools;
  const skew = clockSkew(ctx, firstSeq);
  if (skew !== undefined) observation.clockSkewMs = skew;
  return observation;
}
