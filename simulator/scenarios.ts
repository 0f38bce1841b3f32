/**
 * Scenario catalogue: the names and options are a contract (CLI, `POST /__sim/scenario`, tests).
 * Each schema rejects unknown keys and fills in defaults, so a resolved scenario is always complete.
 */
import { z } from 'zod';

export const ADDON_ENCODINGS = [
  'http_408',
  'tool_error',
  'jsonrpc_error',
  'empty_payload',
] as const;
export type AddonEncoding = (typeof ADDON_ENCODINGS)[number];

const addonEncoding = z.enum(ADDON_ENCODINGS);

const schemas = {
  healthy: z.strictObject({}),
  /** The add-on is not connected: add-on tools vanish from tools/list and fail in this encoding. */
  addon_disconnected: z.strictObject({ encoding: addonEncoding.default('http_408') }),
  /**
   * NT8 is blocked (modal dialog): add-on tools and McpSelfTest hang until cancelled. With
   * `hang: 'every_tool'` GetMcpCapabilities hangs too (the session opens, tools/list answers):
   * CrossTrade's own tool layer is stuck.
   */
  nt8_unresponsive: z.strictObject({
    hang: z.enum(['addon_tools', 'every_tool']).default('addon_tools'),
  }),
  /** Add-on 1.12.4: smaller capabilities payload without `backtest`, plus a warning string. */
  addon_outdated: z.strictObject({}),
  /** Account below Elite: tools/list works, every tools/call is refused with 403 in this body. */
  subscription_required: z.strictObject({
    body: z.enum(['text', 'json_error', 'json_code']).default('json_error'),
  }),
  /** The grant lacks mcp:read: every tools/call is refused in this encoding. */
  insufficient_scope: z.strictObject({
    as: z.enum(['header', 'json', 'jsonrpc']).default('header'),
  }),
  /** Every token issued so far (access and refresh) is revoked on activation. */
  token_revoked: z.strictObject({}),
  /** Access tokens live `ttlSec` seconds (existing ones are cut down on activation). */
  token_short_ttl: z.strictObject({ ttlSec: z.number().int().min(1).max(3600).default(2) }),
  /** The refresh grant answers 400 invalid_grant; current access tokens expire on activation. */
  refresh_rejected: z.strictObject({}),
  /** GetConnections shows the Rithmic connection in this status. */
  broker_down: z.strictObject({
    status: z.enum(['Disconnected', 'ConnectionLost']).default('ConnectionLost'),
  }),
  /** McpSelfTest reports `transport: "degraded"` or the `backtest` category `unavailable`. */
  selftest_degraded: z.strictObject({
    as: z.enum(['transport', 'category']).default('transport'),
  }),
  /** Every request to the MCP endpoint (after authentication) fails with this status. */
  server_error: z.strictObject({
    status: z.union([z.literal(500), z.literal(503)]).default(500),
  }),
  /** Every request to the MCP endpoint gets 429 with this `Retry-After`. */
  rate_limited: z.strictObject({ retryAfterSec: z.number().int().min(0).max(86400).default(30) }),
  /** The MCP endpoint answers something that is not valid MCP, or a payload of the wrong shape. */
  malformed: z.strictObject({
    as: z.enum(['html', 'not_json', 'not_jsonrpc', 'bad_payload']).default('html'),
  }),
  /** Every response's `Date` header is off by `offsetSec` seconds. */
  clock_skew: z.strictObject({ offsetSec: z.number().int().default(600) }),
  /** A session vanishes on its `every`-th tools/call (answered 404 Session not found). */
  session_drop: z.strictObject({ every: z.number().int().min(1).default(5) }),
  /** Every request to the MCP endpoint is delayed by `ms`. */
  slow: z.strictObject({ ms: z.number().int().min(0).max(600_000).default(1500) }),
  /** The add-on is connected for `periodSec`, then disconnected for `periodSec`, and so on. */
  flapping: z.strictObject({
    periodSec: z.number().min(0.1).max(86400).default(10),
    encoding: addonEncoding.default('http_408'),
  }),
} as const;

type Schemas = typeof schemas;
export type ScenarioName = keyof Schemas;
export const SCENARIO_NAMES = Object.keys(schemas) as ScenarioName[];

/** Options as a caller writes them (all optional). */
export type ScenarioOptions<N extends ScenarioName> = z.input<Schemas[N]>;
/** A scenario with every option resolved. */
export type ActiveScenario = {
  [N in ScenarioName]: { name: N; options: z.output<Schemas[N]> };
}[ScenarioName];

export class ScenarioError extends Error {
  override name = 'ScenarioError';
}

export function isScenarioName(name: unknown): name is ScenarioName {
  return typeof name === 'string' && Object.hasOwn(schemas, name);
}

/** Validates a scenario name and its options; throws `ScenarioError` with a readable message. */
export function parseScenario(name: unknown, options: unknown = {}): ActiveScenario {
  if (!isScenarioName(name)) {
    throw new ScenarioError(
      `unknown scenario ${JSON.stringify(name)}; expected one of: ${SCENARIO_NAMES.join(', ')}`,
    );
  }
  const result = schemas[name].safeParse(options ?? {});
  if (!result.success) {
    const accepted = Object.keys(schemas[name].shape).join(', ') || 'none';
    const details = result.error.issues
      .map((issue) =>
        issue.code === 'unrecognized_keys'
          ? `unknown option ${issue.keys.map((k) => `"${k}"`).join(', ')} (accepted: ${accepted})`
          : `${issue.path.join('.')}: ${issue.message}`,
      )
      .join('; ');
    throw new ScenarioError(`bad option for scenario "${name}": ${details}`);
  }
  return { name, options: result.data } as ActiveScenario;
}

/** Every option name any scenario accepts (the CLI turns each into a `--kebab-case` flag). */
export const SCENARIO_OPTION_NAMES: string[] = [
  ...new Set(Object.values(schemas).flatMap((schema) => Object.keys(schema.shape))),
];

/** The simulated world: the current scenario and what it means for the add-on. */
export class World {
  scenario: ActiveScenario;
  since: number;

  constructor(
    initial: ActiveScenario,
    private readonly now: () => number = Date.now,
  ) {
    this.scenario = initial;
    this.since = now();
  }

  set(scenario: ActiveScenario): void {
    this.scenario = scenario;
    this.since = this.now();
  }

  /** Is the CrossTrade Add-On (and so NT8) connected to the hosted server right now? */
  addonConnected(): boolean {
    const s = this.scenario;
    if (s.name === 'addon_disconnected') return false;
    if (s.name === 'flapping') {
      const period = Math.floor((this.now() - this.since) / (s.options.periodSec * 1000));
      return period % 2 === 0;
    }
    return true;
  }

  /** How a call to an add-on tool fails while the add-on is disconnected. */
  addonEncoding(): AddonEncoding {
    const s = this.scenario;
    return s.name === 'addon_disconnected' || s.name === 'flapping'
      ? s.options.encoding
      : 'http_408';
  }

  state(): SimulatorState {
    return {
      scenario: this.scenario.name,
      options: { ...this.scenario.options },
      since: new Date(this.since).toISOString(),
      addonConnected: this.addonConnected(),
    };
  }
}

export interface SimulatorState {
  scenario: ScenarioName;
  /** The scenario's options with defaults filled in. */
  options: Record<string, unknown>;
  /** When the scenario was activated (ISO 8601). */
  since: string;
  addonConnected: boolean;
}
