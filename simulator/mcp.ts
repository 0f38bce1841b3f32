/**
 * The MCP endpoint (`/v1/api/mcp`): bearer authentication in CrossTrade's form, stateful
 * Streamable HTTP sessions (one McpServer + transport each), and the scenarios that CrossTrade
 * answers on the wire rather than inside a tool result.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { NodeStreamableHTTPServerTransport } from '@modelcontextprotocol/node';
import type { AuthInfo, McpServer } from '@modelcontextprotocol/server';
import { jsonRpcError, send, sendJson } from './http.js';
import type { Headers } from './http.js';
import { permits } from './oauth.js';
import type { AuthServer, Scope } from './oauth.js';
import type { World } from './scenarios.js';
import { ADDON_DISCONNECTED_MESSAGE, createMcpServer, findTool } from './tools.js';

export const MCP_PATH = '/v1/api/mcp';
export const PRM_PATH = '/.well-known/oauth-protected-resource';
export type ChallengeStyle = 'resource_metadata' | 'realm';

const ELITE = 'MCP requires an Elite subscription';
const HTML_PAGE =
  '<!DOCTYPE html><html><head><title>CrossTrade</title></head>' +
  '<body><h1>CrossTrade</h1><p>Please sign in to continue.</p></body></html>';

export interface McpEndpointOptions {
  world: World;
  auth: AuthServer;
  origin: string;
  challenge: ChallengeStyle;
  jsonResponses: boolean;
  /** Aborted when the simulator closes: ends artificial delays. */
  shutdown: AbortSignal;
  onToolCall: (name: string) => void;
}

interface Session {
  transport: NodeStreamableHTTPServerTransport;
  server: McpServer;
  toolCalls: number;
}

interface RpcMessage {
  id?: unknown;
  method?: unknown;
  params?: { name?: unknown };
}

const asRpc = (m: unknown): RpcMessage => (m && typeof m === 'object' ? (m as RpcMessage) : {});

export class McpEndpoint {
  private readonly sessions = new Map<string, Session>();
  sessionsCreated = 0;

  constructor(private readonly o: McpEndpointOptions) {}

  get openSessions(): number {
    return this.sessions.size;
  }

  async handle(req: IncomingMessage & { auth?: AuthInfo }, res: ServerResponse, body: Buffer) {
    const method = req.method ?? 'GET';
    if (!['POST', 'GET', 'DELETE'].includes(method)) {
      sendJson(res, 405, jsonRpcError(null, -32000, 'Method not allowed'), {
        allow: 'GET, POST, DELETE',
      });
      return;
    }
    let parsed: unknown;
    let parseFailed = false;
    if (method === 'POST') {
      try {
        parsed = JSON.parse(body.toString('utf8'));
      } catch {
        parseFailed = true;
      }
    }
    const messages = (Array.isArray(parsed) ? parsed : [parsed]).map(asRpc);
    for (const m of messages) {
      if (m.method === 'tools/call') this.o.onToolCall(String(m.params?.name ?? ''));
    }

    if (await this.answeredAtEdge(res)) return;
    const verdict = this.o.auth.verify(req.headers.authorization);
    if (!verdict.ok) {
      this.unauthorized(res, verdict.missing, verdict.description);
      return;
    }
    req.auth = verdict.auth;
    if (this.answeredAfterAuth(res, method, parseFailed)) return;
    // MCP 2025-06-18 removed JSON-RPC batching; a batched tools/call would also skip the
    // per-call wire checks (scope, subscription, add-on) in interceptToolCall.
    if (Array.isArray(parsed) && messages.some((m) => m.method === 'tools/call')) {
      const message = 'Invalid Request: tools/call cannot be sent in a JSON-RPC batch';
      sendJson(res, 400, jsonRpcError(null, -32600, message));
      return;
    }

    const sessionId = req.headers['mcp-session-id'];
    if (typeof sessionId === 'string') {
      const session = this.sessions.get(sessionId);
      if (!session) {
        sendJson(res, 404, jsonRpcError(null, -32001, 'Session not found'));
        return;
      }
      const [only] = messages;
      if (method === 'POST' && messages.length === 1 && only?.method === 'tools/call') {
        if (await this.interceptToolCall(res, only, verdict.auth, sessionId, session)) return;
      }
      await session.transport.handleRequest(req, res, parsed);
      return;
    }
    if (method === 'POST' && messages.some((m) => m.method === 'initialize')) {
      await this.openSession(req, res, parsed);
      return;
    }
    sendJson(
      res,
      400,
      jsonRpcError(null, -32000, 'Bad Request: Mcp-Session-Id header is required'),
    );
  }

  /** Drops every session (the simulator is closing). */
  async closeAll(): Promise<void> {
    const sessions = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.allSettled(sessions.map((s) => s.server.close()));
  }

  /** Scenarios a gateway or CDN would answer, before authentication. */
  private async answeredAtEdge(res: ServerResponse): Promise<boolean> {
    let s = this.o.world.scenario;
    if (s.name === 'slow') {
      await sleep(s.options.ms, undefined, { signal: this.o.shutdown, ref: false }).catch(() => {});
      s = this.o.world.scenario;
    }
    if (s.name === 'rate_limited') {
      sendJson(
        res,
        429,
        { error: 'Rate limit exceeded' },
        {
          'retry-after': String(s.options.retryAfterSec),
        },
      );
      return true;
    }
    if (s.name === 'malformed' && s.options.as === 'html') {
      send(res, 200, HTML_PAGE, 'text/html; charset=utf-8');
      return true;
    }
    return false;
  }

  /** Backend failures and broken replies, for an authenticated request. */
  private answeredAfterAuth(res: ServerResponse, method: string, parseFailed: boolean): boolean {
    const s = this.o.world.scenario;
    if (s.name === 'server_error') {
      const unavailable = s.options.status === 503;
      const message = unavailable ? 'Service temporarily unavailable' : 'Internal server error';
      const headers: Headers = unavailable ? { 'retry-after': '5' } : {};
      sendJson(res, s.options.status, { error: 'server_error', message }, headers);
      return true;
    }
    if (parseFailed) {
      sendJson(res, 400, jsonRpcError(null, -32700, 'Parse error: Invalid JSON'));
      return true;
    }
    if (method !== 'POST' || s.name !== 'malformed') return false;
    if (s.options.as === 'not_json') {
      send(
        res,
        200,
        '{"jsonrpc":"2.0","id":1,"result":{"content":[{"type":"te',
        'application/json',
      );
      return true;
    }
    if (s.options.as === 'not_jsonrpc') {
      sendJson(res, 200, { status: 'ok', message: 'Welcome to CrossTrade' });
      return true;
    }
    return false;
  }

  private async openSession(req: IncomingMessage, res: ServerResponse, parsed: unknown) {
    const server = createMcpServer(this.o.world);
    const transport: NodeStreamableHTTPServerTransport = new NodeStreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      enableJsonResponse: this.o.jsonResponses,
      onsessioninitialized: (id) => {
        this.sessions.set(id, { transport, server, toolCalls: 0 });
        this.sessionsCreated++;
      },
      onsessionclosed: (id) => {
        this.sessions.delete(id);
      },
    });
    transport.onclose = () => {
      if (transport.sessionId) this.sessions.delete(transport.sessionId);
    };
    await server.connect(transport);
    await transport.handleRequest(req, res, parsed);
    if (!transport.sessionId) await server.close(); // initialize failed: nothing to keep
  }

  /** Answers a tools/call on the wire when the scenario says CrossTrade would. */
  private async interceptToolCall(
    res: ServerResponse,
    call: RpcMessage,
    auth: AuthInfo,
    sessionId: string,
    session: Session,
  ): Promise<boolean> {
    const name = typeof call.params?.name === 'string' ? call.params.name : '';
    const s = this.o.world.scenario;
    if (s.name === 'session_drop' && ++session.toolCalls >= s.options.every) {
      this.sessions.delete(sessionId);
      await session.server.close();
      sendJson(res, 404, jsonRpcError(null, -32001, 'Session not found'));
      return true;
    }
    if (s.name === 'subscription_required') {
      if (s.options.body === 'text') send(res, 403, ELITE, 'text/plain; charset=utf-8');
      else if (s.options.body === 'json_error') sendJson(res, 403, { error: ELITE });
      else sendJson(res, 403, { error: 'subscription_required', message: ELITE });
      return true;
    }
    if (s.name === 'insufficient_scope') {
      this.insufficientScope(res, s.options.as, call.id, 'mcp:read');
      return true;
    }
    const tool = findTool(name);
    if (!tool) return false; // the SDK answers an unknown tool itself
    if (!permits(auth.scopes, tool.scope)) {
      this.insufficientScope(res, 'header', call.id, tool.scope);
      return true;
    }
    if (tool.addon && !this.o.world.addonConnected()) {
      const encoding = this.o.world.addonEncoding();
      if (encoding === 'http_408') {
        sendJson(res, 408, { error: 'addon_disconnected', message: ADDON_DISCONNECTED_MESSAGE });
        return true;
      }
      if (encoding === 'jsonrpc_error') {
        const error = jsonRpcError(call.id, -32000, ADDON_DISCONNECTED_MESSAGE, {
          error: 'addon_disconnected',
        });
        sendJson(res, 200, error);
        return true;
      }
    }
    return false;
  }

  private insufficientScope(
    res: ServerResponse,
    as: 'header' | 'json' | 'jsonrpc',
    id: unknown,
    scope: Scope,
  ): void {
    const message = `This tool requires the ${scope} scope.`;
    if (as === 'header') {
      const header =
        `Bearer error="insufficient_scope", scope="${scope}", ` +
        `error_description="${message}", resource_metadata="${this.o.origin}${PRM_PATH}"`;
      sendJson(
        res,
        403,
        { error: 'insufficient_scope', error_description: message },
        {
          'www-authenticate': header,
        },
      );
    } else if (as === 'json') {
      sendJson(res, 403, { error: 'insufficient_scope', message, required_scope: scope });
    } else {
      const data = { error: 'insufficient_scope', required_scope: scope };
      sendJson(res, 200, jsonRpcError(id, -32003, `insufficient_scope: ${message}`, data));
    }
  }

  /** CrossTrade's 401: a bare discovery challenge without a token, `invalid_token` with one. */
  private unauthorized(res: ServerResponse, missing: boolean, description: string): void {
    const metadataUrl = `${this.o.origin}${PRM_PATH}`;
    let header =
      this.o.challenge === 'realm'
        ? `Bearer realm="${metadataUrl}"`
        : `Bearer resource_metadata="${metadataUrl}"`;
    const headers: Headers = {};
    if (missing) {
      headers['www-authenticate'] = header;
      sendJson(res, 401, { error: 'unauthorized', error_description: description }, headers);
      return;
    }
    header += `, error="invalid_token", error_description="${description}"`;
    headers['www-authenticate'] = header;
    sendJson(res, 401, { error: 'invalid_token', error_description: description }, headers);
  }
}
