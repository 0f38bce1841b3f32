/**
 * The simulator's HTTP server: routing, OAuth discovery documents, the `/__sim/*` control routes,
 * request logging and counters. The MCP endpoint lives in mcp.ts, the authorization server in
 * oauth.ts, the scenario catalogue in scenarios.ts.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import {
  BodyTooLargeError,
  isLoopbackAddress,
  isLoopbackHost,
  readBody,
  sendJson,
} from './http.js';
import { MCP_PATH, McpEndpoint, PRM_PATH } from './mcp.js';
import type { ChallengeStyle } from './mcp.js';
import { AuthServer, OAUTH_PATHS, SCOPES } from './oauth.js';
import type { Scope } from './oauth.js';
import { parseScenario, ScenarioError, World } from './scenarios.js';
import type { ActiveScenario, ScenarioName, ScenarioOptions, SimulatorState } from './scenarios.js';

export interface SimulatorOptions<N extends ScenarioName = ScenarioName> {
  /** Port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /**
   * Address to listen on (default 127.0.0.1). For tests only: `0.0.0.0` lets a request arrive
   * from a non-loopback peer. URLs always name 127.0.0.1, so use no other value.
   */
  host?: string;
  /** Scenario at start (default `healthy`). */
  scenario?: N;
  scenarioOptions?: ScenarioOptions<N>;
  /** Answer POSTs with plain JSON instead of an SSE stream. */
  jsonResponses?: boolean;
  /** 401 challenge form: `Bearer resource_metadata="…"` (default) or `Bearer realm="…"`. */
  challenge?: ChallengeStyle;
  /** Limit dynamic client registration per IP per hour: `true` = CrossTrade's 10. Off by default. */
  registrationLimit?: boolean | number;
  /** Scopes the simulated user grants (default both). A token still carries exactly one. */
  grantableScopes?: readonly Scope[];
  /** Access-token lifetime in seconds (default 3600). */
  accessTokenTtlSec?: number;
  /** Override the authorization server `issuer` (default: the origin), e.g. to provoke a mismatch. */
  issuer?: string;
  /** Receives one line per request: method, path (no query), status, duration. Never a token. */
  log?: (line: string) => void;
}

export interface SimulatorStats {
  /** Requests by route, then by method. Unknown paths are counted under `(other)`. */
  requests: Record<string, Record<string, number>>;
  openSessions: number;
  sessionsCreated: number;
  openSockets: number;
  registrations: number;
  tokens: { issued: number; refreshed: number; revoked: number };
  /** tools/call requests by tool name (including those the scenario refused). */
  toolCalls: Record<string, number>;
}

export interface Simulator {
  /** `http://127.0.0.1:PORT/v1/api/mcp` */
  url: string;
  /** `http://127.0.0.1:PORT` (also the OAuth issuer unless overridden) */
  origin: string;
  /** Switches scenario; throws `ScenarioError` for an unknown name or a bad option. */
  setScenario<N extends ScenarioName>(name: N, options?: ScenarioOptions<N>): SimulatorState;
  stats(): SimulatorStats;
  state(): SimulatorState;
  /** Closes every session, socket and the listener. */
  close(): Promise<void>;
}

const AS_METADATA_PATH = '/.well-known/oauth-authorization-server';
const CONTROL = { scenario: '/__sim/scenario', stats: '/__sim/stats', state: '/__sim/state' };
const ROUTES = new Set<string>([
  MCP_PATH,
  PRM_PATH,
  PRM_PATH + MCP_PATH,
  AS_METADATA_PATH,
  ...Object.values(OAUTH_PATHS),
  ...Object.values(CONTROL),
]);

export async function startSimulator<N extends ScenarioName = 'healthy'>(
  options: SimulatorOptions<N> = {},
): Promise<Simulator> {
  const initial = parseScenario(options.scenario ?? 'healthy', options.scenarioOptions ?? {});
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('simulator: no TCP address');
  // Attached in the same tick as `listening`: no request can arrive before the handler.
  const app = new SimulatorApp(server, `http://127.0.0.1:${address.port}`, initial, options);
  return {
    url: app.url,
    origin: app.origin,
    setScenario: (name, scenarioOptions) =>
      app.activate(parseScenario(name, scenarioOptions ?? {})),
    stats: () => app.stats(),
    state: () => app.world.state(),
    close: () => app.close(),
  };
}

class SimulatorApp {
  readonly url: string;
  readonly world: World;
  private readonly auth: AuthServer;
  private readonly mcp: McpEndpoint;
  private readonly shutdown = new AbortController();
  private readonly sockets = new Set<Socket>();
  private readonly requests: Record<string, Record<string, number>> = {};
  private readonly toolCalls: Record<string, number> = {};
  private closing: Promise<void> | undefined;

  constructor(
    private readonly server: Server,
    readonly origin: string,
    initial: ActiveScenario,
    private readonly options: SimulatorOptions,
  ) {
    this.url = origin + MCP_PATH;
    this.world = new World(initial);
    const limit = options.registrationLimit;
    this.auth = new AuthServer({
      origin,
      issuer: options.issuer ?? origin,
      resource: this.url,
      grantableScopes: options.grantableScopes ?? SCOPES,
      accessTokenTtlSec: () => {
        const s = this.world.scenario;
        return s.name === 'token_short_ttl'
          ? s.options.ttlSec
          : (options.accessTokenTtlSec ?? 3600);
      },
      refreshRejected: () => this.world.scenario.name === 'refresh_rejected',
      registrationLimit: limit === true ? 10 : limit === false ? undefined : limit,
    });
    this.mcp = new McpEndpoint({
      world: this.world,
      auth: this.auth,
      origin,
      challenge: options.challenge ?? 'resource_metadata',
      jsonResponses: options.jsonResponses ?? false,
      shutdown: this.shutdown.signal,
      onToolCall: (name) => {
        this.toolCalls[name] = (this.toolCalls[name] ?? 0) + 1;
      },
    });
    this.activate(initial);
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    server.on('request', (req: IncomingMessage, res: ServerResponse) => this.handle(req, res));
  }

  /** Switches scenario and applies its one-off effects on tokens. */
  activate(scenario: ActiveScenario): SimulatorState {
    this.world.set(scenario);
    if (scenario.name === 'token_revoked') this.auth.revokeEverything();
    if (scenario.name === 'token_short_ttl') this.auth.capAccessTokens(scenario.options.ttlSec);
    if (scenario.name === 'refresh_rejected') this.auth.capAccessTokens(0);
    return this.world.state();
  }

  stats(): SimulatorStats {
    const { registrations, issued, refreshed, revoked } = this.auth.counters;
    return {
      requests: structuredClone(this.requests),
      openSessions: this.mcp.openSessions,
      sessionsCreated: this.mcp.sessionsCreated,
      openSockets: this.sockets.size,
      registrations,
      tokens: { issued, refreshed, revoked },
      toolCalls: { ...this.toolCalls },
    };
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      this.shutdown.abort();
      await this.mcp.closeAll();
      const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
      this.server.closeAllConnections();
      await closed;
    })();
    return this.closing;
  }

  /** Counting, the skewed `Date` header and the log line, around the routing. */
  private handle(req: IncomingMessage, res: ServerResponse): void {
    const started = performance.now();
    const method = req.method ?? 'GET';
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const byMethod = (this.requests[ROUTES.has(path) ? path : '(other)'] ??= {});
    byMethod[method] = (byMethod[method] ?? 0) + 1;
    const s = this.world.scenario;
    if (s.name === 'clock_skew') {
      res.setHeader('date', new Date(Date.now() + s.options.offsetSec * 1000).toUTCString());
    }
    const log = this.options.log;
    if (log) {
      res.on('close', () => {
        log(`${method} ${path} ${res.statusCode} ${Math.round(performance.now() - started)}ms`);
      });
    }
    this.route(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof BodyTooLargeError) {
        sendJson(res, 413, { error: 'invalid_request', message: 'Request body too large' });
      } else {
        sendJson(res, 500, { error: 'server_error', message: 'Simulator error' });
      }
    });
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', this.origin);
    const path = url.pathname;
    const body = method === 'POST' ? await readBody(req, 4 * 1024 * 1024) : Buffer.alloc(0);
    const only = (allowed: string) => {
      if (method === allowed) return true;
      sendJson(res, 405, { error: 'method_not_allowed' }, { allow: allowed });
      return false;
    };
    const auth = this.auth;

    if (path === MCP_PATH) return this.mcp.handle(req, res, body);
    if (path === PRM_PATH || path === PRM_PATH + MCP_PATH) {
      if (only('GET')) sendJson(res, 200, auth.protectedResourceMetadata());
    } else if (path === AS_METADATA_PATH) {
      if (only('GET')) sendJson(res, 200, auth.authorizationServerMetadata());
    } else if (path === OAUTH_PATHS.register) {
      if (only('POST')) auth.register(req, res, body, req.socket.remoteAddress ?? '');
    } else if (path === OAUTH_PATHS.authorize) {
      if (only('GET')) auth.authorize(req, res, url);
    } else if (path === OAUTH_PATHS.token) {
      if (only('POST')) auth.token(req, res, body);
    } else if (path === OAUTH_PATHS.revoke) {
      if (only('POST')) auth.revoke(req, res, body);
    } else if (path.startsWith('/__sim/')) {
      this.control(req, res, path, only, body);
    } else {
      const notFound: Record<string, string> = {
        error: 'not_found',
        message: `No route for ${method} ${path}`,
      };
      if (path.startsWith('/v1/api/')) notFound.did_you_mean = MCP_PATH;
      sendJson(res, 404, notFound);
    }
  }

  /** `/__sim/*`: loopback peers naming a loopback host only. */
  private control(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    only: (method: string) => boolean,
    body: Buffer,
  ): void {
    if (!isLoopbackAddress(req.socket.remoteAddress) || !isLoopbackHost(req.headers.host)) {
      sendJson(res, 403, { error: 'forbidden', message: 'Control routes are loopback only.' });
    } else if (path === CONTROL.stats) {
      if (only('GET')) sendJson(res, 200, this.stats());
    } else if (path === CONTROL.state) {
      if (only('GET')) sendJson(res, 200, this.world.state());
    } else if (path === CONTROL.scenario) {
      if (only('POST')) this.controlScenario(res, body);
    } else {
      sendJson(res, 404, { error: 'not_found', message: `No control route ${path}` });
    }
  }

  private controlScenario(res: ServerResponse, body: Buffer): void {
    let input: unknown;
    try {
      input = JSON.parse(body.toString('utf8'));
    } catch {
      input = undefined;
    }
    if (!input || typeof input !== 'object' || Array.isArray(input)) {
      sendJson(res, 400, {
        error: 'bad_request',
        message: 'Send a JSON object: {"scenario": NAME, ...options}',
      });
      return;
    }
    const { scenario, ...rest } = input as Record<string, unknown>;
    try {
      sendJson(res, 200, this.activate(parseScenario(scenario, rest)));
    } catch (error) {
      if (!(error instanceof ScenarioError)) throw error;
      sendJson(res, 400, { error: 'bad_scenario', message: error.message });
    }
  }
}
