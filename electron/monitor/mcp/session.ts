// One long-lived MCP session (Client + Streamable HTTP transport). A transport cannot be
// restarted, so after a timeout, a lost session or a network error the pair is retired and
// rebuilt on the next call. Retiring ends the session on the server (DELETE: `client.close()`
// alone leaves it open there) in the background, so a check never waits for a slow server twice.
import {
  Client,
  SdkError,
  SdkErrorCode,
  StreamableHTTPClientTransport,
} from '@modelcontextprotocol/client';
import type { AuthProvider, CallToolResult, FetchLike } from '@modelcontextprotocol/client';
import { isNetworkError, isSessionLost, isTimeout } from './classify';
import { onAbortOf } from './fetch-wrappers';
import type { Logger } from '../log';

export interface SessionOptions {
  serverUrl: string;
  fetch: FetchLike;
  authProvider: AuthProvider;
  clientName: string;
  clientVersion: string;
  timeoutMs: number;
  log: Logger;
}

interface Connection {
  client: Client;
  transport: StreamableHTTPClientTransport;
  closed: boolean;
  /** Handed to retire(): its session is being ended. */
  retired: boolean;
}

/** How long a timed-out `initialize` may take to answer before we stop waiting for its session. */
const LATE_ANSWER_LIMIT_MS = 30_000;
/** How long a DELETE may take in the background. */
const TERMINATE_LIMIT_MS = 10_000;
/** A session whose DELETE was refused (401, 429, 5xx, network) is tried again this often. */
const DELETE_ATTEMPTS = 5;

interface Undeleted {
  sessionId: string;
  protocolVersion: string | undefined;
  attempts: number;
}

/**
 * Waits for `promise`, at most `ms`, or until `signal` aborts; never rejects. Its timer and its
 * link to `signal` (one shared listener, however many sessions are retiring) end with the wait.
 */
async function settleWithin(
  promise: Promise<unknown>,
  ms: number,
  signal?: AbortSignal,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  let unlink: (() => void) | undefined;
  const limit = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
    timer.unref();
    if (signal?.aborted) resolve();
    else if (signal) unlink = onAbortOf(signal, resolve);
  });
  try {
    await Promise.race([promise.then(noop, noop), limit]);
  } finally {
    clearTimeout(timer);
    unlink?.();
  }
}

function noop(): void {}

export class McpSession {
  private connection: Connection | undefined;
  private connecting: Promise<Connection> | undefined;
  /** Connections being ended in the background; close() waits for them. */
  private readonly retiring = new Set<Promise<void>>();
  /** Aborted by close(): background waits end early. */
  private readonly stopping = new AbortController();
  /** Sessions the server refused to end; retried after the next successful call. */
  private undeleted: Undeleted[] = [];
  private retryingDeletes = false;
  /** Sessions opened by this object (for diagnostics and tests). */
  opened = 0;

  constructor(private readonly options: SessionOptions) {}

  get connected(): boolean {
    return this.connection !== undefined && !this.connection.closed;
  }

  /** Connects if needed. Returns true when a new session was opened. */
  async ensureConnected(): Promise<boolean> {
    if (this.connected) return false;
    await this.connect();
    return true;
  }

  async callTool(name: string, args: Record<string, unknown> = {}): Promise<CallToolResult> {
    return this.withSession((client) =>
      client.callTool({ name, arguments: args }, { timeout: this.options.timeoutMs }),
    );
  }

  async listTools(): Promise<string[]> {
    const result = await this.withSession((client) =>
      client.listTools(undefined, { timeout: this.options.timeoutMs, cacheMode: 'bypass' }),
    );
    return result.tools.map((tool) => tool.name);
  }

  /** Drops the current session; the next call opens a new one. */
  async reset(reason: string): Promise<void> {
    const connection = this.connection;
    this.connection = undefined;
    if (!connection) return;
    this.options.log('debug', `Closing the MCP session (${reason}).`);
    this.retire(connection);
  }

  /** Ends every session this object opened; bounded by the timeout. */
  async close(): Promise<void> {
    await this.reset('stopping');
    await settleWithin(Promise.allSettled([...this.retiring]), this.options.timeoutMs);
    await settleWithin(this.retryDeletes(), this.options.timeoutMs);
    this.stopping.abort();
    await Promise.allSettled([...this.retiring]);
  }

  private async withSession<T>(run: (client: Client) => Promise<T>): Promise<T> {
    const first = this.connected && this.connection ? this.connection : await this.connect();
    try {
      const result = await run(first.client);
      if (this.undeleted.length > 0) void this.retryDeletes();
      return result;
    } catch (error) {
      if (!isSessionLost(error)) {
        this.afterFailure(error);
        throw error;
      }
      // The server forgot the session (restart, eviction): a new one, and one retry at once.
      await this.reset('session not found');
      const second = await this.connect();
      try {
        return await run(second.client);
      } catch (retryError) {
        this.afterFailure(retryError);
        throw retryError;
      }
    }
  }

  /** A timed-out request stays open until its transport closes: retire the session now. */
  private afterFailure(error: unknown): void {
    if (isTimeout(error)) void this.reset('timeout');
    else if (isSessionLost(error)) void this.reset('session lost again');
    else if (isNetworkError(error)) void this.reset('network error');
  }

  private connect(): Promise<Connection> {
    this.connecting ??= this.open().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async open(): Promise<Connection> {
    const { serverUrl, fetch, authProvider, clientName, clientVersion, timeoutMs } = this.options;
    const transport = new StreamableHTTPClientTransport(new URL(serverUrl), {
      authProvider,
      fetch,
      // Never start an interactive authorization from a background check.
      onInsufficientScope: 'throw',
      // No standalone GET stream is wanted (it is refused locally): never retry one.
      reconnectionOptions: {
        initialReconnectionDelay: 1000,
        maxReconnectionDelay: 1000,
        reconnectionDelayGrowFactor: 1,
        maxRetries: 0,
      },
    });
    const client = new Client({ name: clientName, version: clientVersion });
    const connection: Connection = { client, transport, closed: false, retired: false };
    client.onclose = () => {
      connection.closed = true;
      // Closed by the SDK itself: its transport can no longer send the DELETE, so a plain one
      // will end the session after the next successful call.
      if (!connection.retired && transport.sessionId) {
        this.undeleted.push({
          sessionId: transport.sessionId,
          protocolVersion: transport.protocolVersion,
          attempts: 0,
        });
      }
    };
    // Transport errors also reject the request concerned; don't let the SDK log them again.
    client.onerror = noop;
    // The SDK's own connect timeout closes the transport, aborting `initialize` while the server
    // may still create the session: time out here instead, and let the handshake finish (or
    // fail) in the background so that session can be ended too.
    const handshake = client.connect(transport, { timeout: LATE_ANSWER_LIMIT_MS });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
      timer.unref();
    });
    try {
      const outcome = await Promise.race([handshake, timedOut]);
      if (outcome === 'timeout') {
        this.retire(connection, handshake);
        throw new SdkError(SdkErrorCode.RequestTimeout, 'Request timed out', {
          timeout: timeoutMs,
        });
      }
    } catch (error) {
      if (!connection.retired) this.retire(connection);
      throw error;
    } finally {
      clearTimeout(timer);
    }
    this.opened++;
    this.connection = connection;
    return connection;
  }

  /** Ends a connection in the background, after `lateHandshake` settles when one is pending. */
  private retire(connection: Connection, lateHandshake?: Promise<unknown>): void {
    connection.closed = true;
    connection.retired = true;
    const job = (async () => {
      if (lateHandshake)
        await settleWithin(lateHandshake, LATE_ANSWER_LIMIT_MS, this.stopping.signal);
      const { transport } = connection;
      // terminateSession is a no-op without a session id; a 405 answer is fine.
      await settleWithin(transport.terminateSession(), TERMINATE_LIMIT_MS, this.stopping.signal);
      // The id survives only when the DELETE failed (401, 429, 5xx, network): try again later.
      if (transport.sessionId) {
        this.undeleted.push({
          sessionId: transport.sessionId,
          protocolVersion: transport.protocolVersion,
          attempts: 1,
        });
      }
      // close() aborts whatever is still open (a hanging tool call, a DELETE cut short).
      await connection.client.close().catch(noop);
      await transport.close().catch(noop);
    })();
    this.track(job);
  }

  private track(job: Promise<void>): void {
    this.retiring.add(job);
    void job.finally(() => this.retiring.delete(job));
  }

  /** DELETEs sessions the server refused to end before (the old transports are closed). */
  private retryDeletes(): Promise<void> {
    if (this.retryingDeletes || this.undeleted.length === 0) return Promise.resolve();
    this.retryingDeletes = true;
    const pending = this.undeleted;
    this.undeleted = [];
    const job = (async () => {
      for (const session of pending) {
        if (this.stopping.signal.aborted) break;
        const ended = await this.deleteSession(session).catch(() => false);
        if (!ended && session.attempts + 1 < DELETE_ATTEMPTS) {
          this.undeleted.push({ ...session, attempts: session.attempts + 1 });
        }
      }
    })().finally(() => {
      this.retryingDeletes = false;
    });
    this.track(job);
    return job;
  }

  private async deleteSession(session: Undeleted): Promise<boolean> {
    const headers: Record<string, string> = { 'mcp-session-id': session.sessionId };
    const token = await this.options.authProvider.token();
    if (token) headers.authorization = `Bearer ${token}`;
    if (session.protocolVersion) headers['mcp-protocol-version'] = session.protocolVersion;
    // A signal of this call's own: its timer and its link to the stop signal end with it.
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.options.timeoutMs);
    timer.unref();
    const unlink = this.stopping.signal.aborted
      ? (controller.abort(), noop)
      : onAbortOf(this.stopping.signal, () => controller.abort());
    try {
      const response = await this.options.fetch(this.options.serverUrl, {
        method: 'DELETE',
        headers,
        signal: controller.signal,
      });
      await response.arrayBuffer().catch(noop);
      // Gone (404) or not supported (405) counts as ended.
      return response.ok || response.status === 404 || response.status === 405;
    } finally {
      clearTimeout(timer);
      unlink();
    }
  }
}
