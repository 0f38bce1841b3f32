// Sends the engine's announced transitions (broken, recovered) to the alert channels: one message
// per transition per channel, in the background, each retried with backoff and then given up.
// A check never waits for a channel, and nothing from a channel's URL or answer is logged.
import { hostname } from 'node:os';
import { CATALOG } from '../../../shared/catalog';
import { LEVEL_WORD } from '../../../shared/format';
import type { HealthSnapshot } from '../../../shared/health';
import { redact } from '../../../shared/redact';
import { plainText } from '../../../shared/sanitize';
import type { BaseFetch, Transition } from '../engine-types';
import type { Logger } from '../log';
import type { AlertChannel, AlertPayload } from './channels';

export interface RetryPolicy {
  /** Tries per message, the first included. */
  attempts: number;
  /** Wait before the second try; doubles each time up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** One try's limit. */
  timeoutMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 5,
  baseDelayMs: 2_000,
  maxDelayMs: 60_000,
  timeoutMs: 10_000,
};

/** Deliveries in flight beyond this are dropped (a dead channel must not pile up memory). */
const MAX_PENDING = 100;

export interface AlertDispatcherOptions {
  channels: AlertChannel[];
  /** This computer's name in every message (default: its hostname). */
  label?: string;
  fetch?: BaseFetch;
  retry?: Partial<RetryPolicy>;
  log?: Logger;
}

export interface AlertDispatcher {
  /** Hands over a transition; returns at once. */
  notify(transition: Transition): void;
  /** Sends a test message to every channel; resolves with how many took it. */
  sendTest(snapshot: HealthSnapshot): Promise<number>;
  /** Resolves when every delivery in flight has ended (tests, shutdown). */
  idle(): Promise<void>;
  /** Stops retrying and aborts what is in flight. */
  close(): Promise<void>;
}

function clean(text: string, max = 300): string {
  const plain = redact(plainText(text));
  return plain.length > max ? `${plain.slice(0, max - 1)}…` : plain;
}

export function alertPayload(
  kind: AlertPayload['kind'],
  snapshot: HealthSnapshot,
  host: string,
): AlertPayload {
  const problems = snapshot.problems.map((p) => ({
    id: p.id,
    level: p.level,
    title: clean(p.title),
    firstStep: clean(p.steps[0]?.text ?? ''),
    detail: clean(p.cause),
  }));
  const where = clean(host, 64);
  const text =
    kind === 'recovered'
      ? `${LEVEL_WORD.ok} on ${where}: the CrossTrade MCP chain works again.`
      : kind === 'test'
        ? `Test alert from the CrossTrade MCP Monitor on ${where}: this channel works.`
        : `${LEVEL_WORD[snapshot.level]} on ${where}: ${problems[0]?.title ?? 'a problem started'}`;
  // Redacted once more as a whole: no field is exempt.
  return redact({
    schema: 'crosstrade-mcp-monitor/alert@1',
    kind,
    level: snapshot.level,
    host: where,
    checkedAt: snapshot.checkedAt,
    problems,
    text,
  });
}

/** Worth a message: a problem the app would notify about started, or the chain recovered. */
function announced(transition: Transition, brokenSent: boolean): 'broken' | 'recovered' | null {
  if (!transition.notifyWorthy) return null;
  if (transition.kind === 'fixed') return brokenSent ? 'recovered' : null;
  if (transition.kind !== 'broken') return null;
  return transition.added.some((id) => CATALOG[id].notify !== null) ? 'broken' : null;
}

export function createAlertDispatcher(options: AlertDispatcherOptions): AlertDispatcher {
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  const doFetch = options.fetch ?? fetch;
  const host = options.label ?? hostname();
  const closing = new AbortController();
  const pending = new Set<Promise<void>>();
  let brokenSent = false;

  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      if (closing.signal.aborted) return resolve();
      const timer = setTimeout(done, ms);
      timer.unref?.();
      function done() {
        clearTimeout(timer);
        closing.signal.removeEventListener('abort', done);
        resolve();
      }
      closing.signal.addEventListener('abort', done, { once: true });
    });

  /** True once the channel took the message. Never throws. */
  async function deliver(channel: AlertChannel, payload: AlertPayload): Promise<boolean> {
    let last = '';
    for (let attempt = 1; attempt <= retry.attempts && !closing.signal.aborted; attempt++) {
      if (attempt > 1) {
        await wait(Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 2)));
        if (closing.signal.aborted) break;
      }
      try {
        const { url, init } = channel.request(payload);
        const signal = AbortSignal.any([closing.signal, AbortSignal.timeout(retry.timeoutMs)]);
        const res = await doFetch(url, { ...init, signal, redirect: 'error' });
        // The answer's body is the channel's business (it may echo the secret): drain, never log.
        await res.arrayBuffer().catch(() => undefined);
        if (res.ok) return true;
        last = `HTTP ${res.status}`;
        // A refusal other than "slow down" will not change on a retry.
        if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429)
          break;
      } catch (error) {
        last = error instanceof Error && error.name === 'TimeoutError' ? 'timed out' : 'no answer';
      }
    }
    if (!closing.signal.aborted) {
      options.log?.('warn', `Alert to ${channel.name} not delivered (${last}); giving up.`);
    }
    return false;
  }

  function send(payload: AlertPayload): Promise<boolean>[] {
    return options.channels.map((channel) => {
      if (pending.size >= MAX_PENDING) {
        options.log?.('warn', `Alert to ${channel.name} dropped: too many alerts pending.`);
        return Promise.resolve(false);
      }
      const delivery = deliver(channel, payload);
      const tracked = delivery.then(() => undefined);
      pending.add(tracked);
      void tracked.finally(() => pending.delete(tracked));
      return delivery;
    });
  }

  return {
    notify(transition) {
      const kind = announced(transition, brokenSent);
      if (!kind) return;
      brokenSent = kind === 'broken';
      void send(alertPayload(kind, transition.snapshot, host));
    },
    async sendTest(snapshot) {
      const results = await Promise.all(send(alertPayload('test', snapshot, host)));
      return results.filter(Boolean).length;
    },
    async idle() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    async close() {
      closing.abort();
      await this.idle();
    },
  };
}
