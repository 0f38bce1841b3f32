/**
 * CrossTrade's tools as the simulator serves them: one McpServer per session, the payload shapes
 * CrossTrade documents, and `tools/list` filtered by token scope and add-on state.
 */
import { McpServer } from '@modelcontextprotocol/server';
import { WRITE_TOOLS as WRITE_TOOLS_LIST } from '../shared/mcp-tools';
import type { CallToolResult, ServerContext, Tool } from '@modelcontextprotocol/server';
import { z } from 'zod';
import type { World } from './scenarios.js';
import { permits } from './oauth.js';
import type { Scope } from './oauth.js';

export const ADDON_DISCONNECTED_MESSAGE =
  'addon_disconnected: The CrossTrade Add-On is not connected. Open NinjaTrader 8, open the ' +
  'CrossTrade Add-On panel and confirm it shows "connected".';

type Payload = Record<string, unknown>;

interface ToolEnv {
  world: World;
  signal: AbortSignal;
}

interface ToolSpec {
  name: string;
  description: string;
  scope: Scope;
  /** Needs a live NT8 through the add-on: hidden from tools/list while it is disconnected. */
  addon: boolean;
  input: z.ZodObject;
  run: (args: Record<string, unknown>, env: ToolEnv) => Payload | Promise<Payload>;
}

const NT8_VERSION = '8.1.6.3';
const FEATURES = [
  'compile',
  'strategy_state',
  'alert_relay',
  'backtest',
  'webhook_signals',
  'journal',
  'drawings',
];
const CATEGORIES = ['accounts', 'orders', 'positions', 'ninjascript', 'backtest', 'alerts'];
const SERVER_FIELDS = { protocol_version: '2025-06-18', active_jobs: 0, job_ttl_minutes: 30 };

function capabilities({ world, signal }: ToolEnv): Payload | Promise<Payload> {
  const s = world.scenario;
  if (s.name === 'nt8_unresponsive' && s.options.hang === 'every_tool') return hang(signal);
  if (s.name === 'malformed' && s.options.as === 'bad_payload') {
    return { addon_version: 42, nt8_version: true, features: 'x', backtest_engine: 'yes' };
  }
  if (!world.addonConnected()) {
    // The add-on side is empty: the server answers for itself only.
    return world.addonEncoding() === 'empty_payload'
      ? {
          addon_version: null,
          nt8_version: null,
          features: [],
          backtest_engine: null,
          ...SERVER_FIELDS,
        }
      : { features: [], ...SERVER_FIELDS };
  }
  if (s.name === 'addon_outdated') {
    return {
      addon_version: '1.12.4',
      nt8_version: '8.1.5.2',
      features: ['compile', 'strategy_state', 'alert_relay', 'webhook_signals'],
      warning:
        'CrossTrade Add-On 1.12.4 is older than 1.13.0, the minimum for MCP: update the add-on.',
    };
  }
  return {
    addon_version: '1.13.0',
    nt8_version: NT8_VERSION,
    features: FEATURES,
    backtest_engine: { available: true, engine: 'nt8_strategy_analyzer', nt8_version: NT8_VERSION },
    ...SERVER_FIELDS,
  };
}

async function selfTest(args: Record<string, unknown>, env: ToolEnv): Promise<Payload> {
  const s = env.world.scenario;
  if (s.name === 'malformed' && s.options.as === 'bad_payload') {
    return { transport: 1, categories: 'ok', warnings: 'none' };
  }
  if (!env.world.addonConnected()) {
    return { transport: 'ok', categories: {}, warnings: ['CrossTrade Add-On is not connected'] };
  }
  if (s.name === 'nt8_unresponsive') return hang(env.signal);
  const categories: Record<string, string> = Object.fromEntries(CATEGORIES.map((c) => [c, 'ok']));
  const warnings: string[] = [];
  let transport = 'ok';
  if (s.name === 'selftest_degraded' && s.options.as === 'transport') {
    transport = 'degraded';
    warnings.push('MCP transport degraded: high latency between CrossTrade and the add-on.');
  }
  if (
    (s.name === 'selftest_degraded' && s.options.as === 'category') ||
    s.name === 'addon_outdated'
  ) {
    categories.backtest = 'unavailable';
    warnings.push('backtest is unavailable: update the CrossTrade Add-On to 1.13.0 or newer.');
  }
  const payload: Payload = { transport, categories, warnings };
  if (args.deep === true) {
    payload.deep = {
      backtest: { status: categories.backtest, strategy: 'SampleMACrossOver', trades: 12 },
    };
  }
  return payload;
}

/** Wraps an add-on-backed handler with the add-on states every such tool shares. */
function viaAddon(
  empty: Payload,
  bad: Payload,
  run: (args: Record<string, unknown>, env: ToolEnv) => Payload,
): ToolSpec['run'] {
  return async (args, env) => {
    const s = env.world.scenario;
    if (!env.world.addonConnected()) {
      // http_408 and jsonrpc_error are answered on the wire before the call gets here.
      if (env.world.addonEncoding() === 'empty_payload') return empty;
      throw new Error(ADDON_DISCONNECTED_MESSAGE);
    }
    if (s.name === 'nt8_unresponsive') return hang(env.signal);
    if (s.name === 'malformed' && s.options.as === 'bad_payload') return bad;
    return run(args, env);
  };
}

/** Waits until the request is cancelled or the session closes (NT8 blocked by a modal dialog). */
function hang(signal: AbortSignal): Promise<never> {
  return new Promise((_resolve, reject) => {
    const stop = () => reject(new Error('NinjaTrader 8 did not answer (request cancelled)'));
    if (signal.aborted) stop();
    else signal.addEventListener('abort', stop, { once: true });
  });
}

const ACCOUNTS = [
  { name: 'Sim101', connection: 'Sim101', broker: 'Sim' },
  { name: 'APEX4471-03', connection: 'Rithmic', broker: 'Rithmic' },
];

const READ_TOOLS: ToolSpec[] = [
  {
    name: 'GetMcpCapabilities',
    description: 'Add-on version, NinjaTrader version and supported features. Call this first.',
    scope: 'mcp:read',
    addon: false,
    input: z.object({}),
    run: (_args, env) => capabilities(env),
  },
  {
    name: 'McpSelfTest',
    description: 'Checks the MCP transport and each add-on category. deep=true adds a backtest.',
    scope: 'mcp:read',
    addon: false,
    input: z.object({ deep: z.boolean().optional() }),
    run: selfTest,
  },
  {
    name: 'ListAccounts',
    description: 'Accounts configured in NinjaTrader 8.',
    scope: 'mcp:read',
    addon: true,
    input: z.object({}),
    run: viaAddon({ accounts: [] }, { accounts: 'Sim101' }, () => ({ accounts: ACCOUNTS })),
  },
  {
    name: 'GetConnections',
    description: 'NinjaTrader 8 broker connections and their status.',
    scope: 'mcp:read',
    addon: true,
    input: z.object({}),
    run: viaAddon({ connections: [] }, { connections: { Rithmic: 1 } }, (_args, { world }) => {
      const s = world.scenario;
      return {
        connections: [
          { name: 'Sim101', status: 'Connected' },
          { name: 'Rithmic', status: s.name === 'broker_down' ? s.options.status : 'Connected' },
        ],
      };
    }),
  },
  {
    name: 'GetQuote',
    description: 'Latest bid, ask and last for an instrument.',
    scope: 'mcp:read',
    addon: true,
    input: z.object({ instrument: z.string().default('ES 12-25') }),
    run: viaAddon({}, { bid: 'n/a' }, (args) => ({
      instrument: args.instrument,
      bid: 5872.25,
      ask: 5872.5,
      last: 5872.5,
      time: new Date().toISOString(),
    })),
  },
  {
    name: 'ListPositions',
    description: 'Open positions, optionally for one account.',
    scope: 'mcp:read',
    addon: true,
    input: z.object({ account: z.string().optional() }),
    run: viaAddon({ positions: [] }, { positions: 1 }, (args) => ({
      positions: [
        {
          account: 'Sim101',
          instrument: 'ES 12-25',
          market_position: 'Long',
          quantity: 1,
          average_price: 5870.75,
        },
      ].filter((p) => args.account === undefined || p.account === args.account),
    })),
  },
];

/** CrossTrade's mcp:trade tools, as the monitor knows them: one list for product and simulator. */
export const WRITE_TOOL_NAMES = WRITE_TOOLS_LIST;

const WRITE_TOOLS: ToolSpec[] = WRITE_TOOL_NAMES.map((name) => ({
  name,
  description: `${name} (mcp:trade). Simulated: nothing is sent to a broker.`,
  scope: 'mcp:trade',
  addon: true,
  input: z.looseObject({}),
  run: viaAddon({}, { status: 7 }, () => ({ status: 'accepted', tool: name, simulated: true })),
}));

export const TOOLS: readonly ToolSpec[] = [...READ_TOOLS, ...WRITE_TOOLS];
const BY_NAME = new Map(TOOLS.map((t) => [t.name, t]));

export function findTool(name: string): ToolSpec | undefined {
  return BY_NAME.get(name);
}

/** What an `mcp:read`/`mcp:trade` token sees in tools/list with the add-on in this state. */
export function visibleTools(scopes: readonly string[], addonConnected: boolean): ToolSpec[] {
  return TOOLS.filter((t) => permits(scopes, t.scope) && (addonConnected || !t.addon));
}

function definition(spec: ToolSpec): Tool {
  const { $schema: _ignored, ...schema } = z.toJSONSchema(spec.input, { io: 'input' });
  return {
    name: spec.name,
    description: spec.description,
    inputSchema: schema as Tool['inputSchema'],
    annotations: { readOnlyHint: spec.scope === 'mcp:read' },
  };
}
const DEFINITIONS = new Map(TOOLS.map((t) => [t.name, definition(t)]));

function result(payload: Payload): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(payload) }], structuredContent: payload };
}

/** A fresh McpServer for one session. */
export function createMcpServer(world: World): McpServer {
  const server = new McpServer(
    { name: 'crosstrade-mcp-simulator', version: '0.1.0' },
    { capabilities: { tools: { listChanged: true } } },
  );
  for (const spec of TOOLS) {
    server.registerTool(
      spec.name,
      { description: spec.description, inputSchema: spec.input },
      async (args: Record<string, unknown>, ctx: ServerContext) => {
        // Checked here too, not only on the wire in mcp.ts: no path may run a tool the token lacks.
        if (!permits(ctx.http?.authInfo?.scopes ?? [], spec.scope)) {
          throw new Error(`insufficient_scope: This tool requires the ${spec.scope} scope.`);
        }
        return result(await spec.run(args, { world, signal: ctx.mcpReq.signal }));
      },
    );
  }
  // Replace the SDK's tools/list (which lists every registered tool) with CrossTrade's view.
  server.server.setRequestHandler('tools/list', (_request, ctx) => ({
    tools: visibleTools(ctx.http?.authInfo?.scopes ?? [], world.addonConnected()).map((t) =>
      DEFINITIONS.get(t.name)!,
    ),
  }));
  return server;
}
