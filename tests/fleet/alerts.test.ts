// Alert channels against local HTTP receivers, driven by a real engine checking the simulator
// (or the hostile proxy in front of it): what a trader's phone, Discord, Slack, Telegram or
// webhook would receive when the chain breaks and recovers.
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server, ServerResponse } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator } from '../../simulator/index';
import type { Simulator } from '../../simulator/index';
import { autoConsent } from '../../electron/monitor/auth/auto-consent';
import { MemoryTokenStore } from '../../electron/monitor/auth/file-token-store';
import { createEngine } from '../../electron/monitor/engine';
import type { MonitorEngine } from '../../electron/monitor/engine-types';
import { ChannelError, parseChannel } from '../../electron/monitor/alerts/channels';
import type { AlertPayload } from '../../electron/monitor/alerts/channels';
import { createAlertDispatcher } from '../../electron/monitor/alerts/dispatcher';
import type { AlertDispatcher } from '../../electron/monitor/alerts/dispatcher';
import { startHostileServer } from '../hostile/server';
import type { HostileServer } from '../hostile/server';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

interface Receiver {
  origin: string;
  received: Received[];
  /** How to answer: a status, or 'hang' (never answer). */
  answer: number | 'hang';
  close(): Promise<void>;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function receiver(answer: Receiver['answer'] = 200): Promise<Receiver> {
  const hung: ServerResponse[] = [];
  const r: Receiver = { origin: '', received: [], answer, close: async () => undefined };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      r.received.push({ path: req.url ?? '', headers: req.headers, body });
      if (r.answer === 'hang') hung.push(res);
      // The error body echoes a secret-looking string: it must never be logged.
      else
        res.writeHead(r.answer).end(r.answer >= 400 ? 'error: key=sk_live_ECHOECHOECHOECHO' : 'ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  r.origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  r.close = async () => {
    for (const res of hung) res.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  cleanups.push(() => r.close());
  return r;
}

/** A signed-in engine whose changes are announced after two checks, no start-up grace. */
async function engineOn(url: string): Promise<MonitorEngine> {
  const dir = await mkdtemp(join(tmpdir(), 'alerts-'));
  const engine = createEngine({
    serverUrl: url,
    tokenStore: new MemoryTokenStore(),
    stateDir: dir,
    nt8ProcessCheck: async () => 'unknown',
    timing: { graceMs: 0, holdChecks: 2, holdMs: 1, intervalMs: 600_000 },
  });
  cleanups.push(async () => {
    await engine.stop();
    await rm(dir, { recursive: true, force: true });
  });
  await engine.signIn({ openUrl: autoConsent() });
  return engine;
}

async function simulator(): Promise<Simulator> {
  const sim = await startSimulator();
  cleanups.push(() => sim.close());
  return sim;
}

function wire(engine: MonitorEngine, dispatcher: AlertDispatcher): void {
  const off = engine.on('transition', (t) => dispatcher.notify(t));
  cleanups.push(async () => {
    off();
    await dispatcher.close();
  });
}

async function checks(engine: MonitorEngine, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await engine.checkNow();
}

describe('alert channels', () => {
  it('sends one message per announced transition, in each channel’s own format', async () => {
    const sim = await simulator();
    const rx = await receiver();
    const channels = [
      parseChannel('ntfy://crosstrade-desk', { ntfyBase: `${rx.origin}/ntfy` }),
      parseChannel('telegram://123456:AAbot-token_x@-100200300', {
        telegramApiBase: `${rx.origin}/tg`,
      }),
      parseChannel(`discord+${rx.origin}/api/webhooks/42/discord-secret`),
      parseChannel(`slack+${rx.origin}/services/T0/B0/slack-secret`),
      parseChannel(`${rx.origin}/hook`),
    ];
    const engine = await engineOn(sim.url);
    const dispatcher = createAlertDispatcher({ channels, label: 'vps-2' });
    wire(engine, dispatcher);

    await checks(engine, 3);
    sim.setScenario('addon_disconnected');
    await checks(engine, 4); // held for two checks: announced once, not four times
    await dispatcher.idle();
    expect(rx.received).toHaveLength(5);
    sim.setScenario('healthy');
    await checks(engine, 4);
    await dispatcher.idle();
    expect(rx.received).toHaveLength(10);

    const by = (prefix: string) => rx.received.filter((r) => r.path.startsWith(prefix));
    const [ntfyBroken, ntfyFixed] = by('/ntfy/crosstrade-desk');
    expect(ntfyBroken?.headers.title).toMatch(
      /^Error on vps-2: The CrossTrade Add-On is disconnected/,
    );
    expect(ntfyBroken?.headers.priority).toBe('high');
    expect(ntfyBroken?.body).toContain('• The CrossTrade Add-On is disconnected');
    expect(ntfyFixed?.headers.title).toBe('OK on vps-2: the CrossTrade MCP chain works again.');

    const [tg] = by('/tg/bot123456:AAbot-token_x/sendMessage');
    expect(JSON.parse(tg?.body ?? '{}')).toMatchObject({
      chat_id: '-100200300',
      text: expect.stringContaining('Add-On is disconnected') as unknown,
    });
    const [discord] = by('/api/webhooks/42/discord-secret');
    expect(JSON.parse(discord?.body ?? '{}')).toMatchObject({
      content: expect.stringContaining('on vps-2') as unknown,
      allowed_mentions: { parse: [] },
    });
    const [slack] = by('/services/T0/B0/slack-secret');
    expect(JSON.parse(slack?.body ?? '{}').text).toContain('Add-On is disconnected');

    const hooks = by('/hook').map((r) => JSON.parse(r.body) as AlertPayload);
    expect(hooks.map((h) => h.kind)).toEqual(['broken', 'recovered']);
    expect(hooks[0]).toMatchObject({
      schema: 'crosstrade-mcp-monitor/alert@1',
      level: 'error',
      host: 'vps-2',
      problems: [{ id: 'addon_disconnected', level: 'error' }],
    });
    expect(hooks[0]?.problems[0]?.firstStep.length).toBeGreaterThan(5);
    expect(Date.parse(hooks[0]?.checkedAt ?? '')).not.toBeNaN();
    expect(hooks[1]).toMatchObject({ level: 'ok', problems: [] });
  }, 30_000);

  it('never lets a secret from a server error reach a receiver', async () => {
    const canary = 'sk_live_' + 'C4n4ry'.repeat(6);
    const hostile: HostileServer = await startHostileServer();
    cleanups.push(() => hostile.close());
    const rx = await receiver();
    const engine = await engineOn(hostile.url);
    const dispatcher = createAlertDispatcher({
      channels: [parseChannel(`${rx.origin}/hook`), parseChannel(`slack+${rx.origin}/slack`)],
      label: 'vps-2',
    });
    wire(engine, dispatcher);
    await checks(engine, 2);
    // The add-on really disconnects; every answer about it also carries a secret.
    hostile.simulator.setScenario('addon_disconnected');
    hostile.rules = [
      async (req, res) => {
        if (req.method !== 'POST') return false;
        const real = await hostile.upstream(req);
        const body = real.body.replace(/"(message|text)":"/g, `"$1":"upstream key ${canary}: `);
        res.writeHead(real.status, { 'content-type': real.type }).end(body);
        return true;
      },
    ];
    await checks(engine, 3);
    await dispatcher.idle();
    const snapshot = engine.snapshot;
    expect(snapshot.problems.map((p) => p.id)).toContain('addon_disconnected');
    expect(rx.received.length).toBe(2);
    const hook = JSON.parse(
      rx.received.find((r) => r.path === '/hook')?.body ?? '{}',
    ) as AlertPayload;
    expect(hook.problems.map((p) => p.id)).toContain('addon_disconnected');
    // The server's words do arrive, with the secret taken out.
    expect(hook.problems[0]?.detail).toContain('upstream key [redacted]');
    for (const r of rx.received) {
      expect(r.body).not.toContain(canary);
      expect(r.body).not.toContain('C4n4ry');
      expect(JSON.stringify(r.headers)).not.toContain('C4n4ry');
    }
  }, 30_000);

  it('retries a failing receiver a bounded number of times, logging no secret', async () => {
    const sim = await simulator();
    const failing = await receiver(503);
    const refusing = await receiver(403);
    const logs: string[] = [];
    const engine = await engineOn(sim.url);
    const dispatcher = createAlertDispatcher({
      channels: [
        parseChannel(`${failing.origin}/hook/failing-secret`),
        parseChannel(`slack+${refusing.origin}/services/refusing-secret`),
      ],
      retry: { attempts: 3, baseDelayMs: 20, maxDelayMs: 40 },
      log: (_level, message) => logs.push(message),
    });
    wire(engine, dispatcher);
    await checks(engine, 2);
    sim.setScenario('addon_disconnected');
    await checks(engine, 3);
    await dispatcher.idle();
    expect(failing.received).toHaveLength(3); // 3 tries, then given up
    expect(refusing.received).toHaveLength(1); // a refusal is not retried
    expect(logs.sort()).toEqual([
      `Alert to ${failing.origin}/… not delivered (HTTP 503); giving up.`,
      `Alert to slack+${refusing.origin}/… not delivered (HTTP 403); giving up.`,
    ]);
    expect(logs.join('\n')).not.toMatch(/secret|ECHO/);
  }, 30_000);

  it('keeps checking on time while a receiver never answers', async () => {
    const sim = await simulator();
    const dead = await receiver('hang');
    const engine = await engineOn(sim.url);
    const dispatcher = createAlertDispatcher({
      channels: [parseChannel(`${dead.origin}/hook`), parseChannel('http://127.0.0.1:9/refused')],
      retry: { timeoutMs: 60_000 },
    });
    wire(engine, dispatcher);
    await checks(engine, 2);
    sim.setScenario('addon_disconnected');
    await checks(engine, 2); // announced: one delivery now hangs for up to a minute
    await new Promise((r) => setTimeout(r, 200));
    expect(dead.received).toHaveLength(1);
    const started = Date.now();
    sim.setScenario('healthy');
    await checks(engine, 5);
    // Five checks on loopback take well under a second; the hung receiver holds a minute.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(engine.snapshot.level).toBe('ok');
    const closing = Date.now();
    await dispatcher.close();
    expect(Date.now() - closing).toBeLessThan(2_000);
  }, 30_000);

  it('sends a test alert and says how many channels took it', async () => {
    const sim = await simulator();
    const good = await receiver();
    const bad = await receiver(404);
    const engine = await engineOn(sim.url);
    const dispatcher = createAlertDispatcher({
      channels: [parseChannel(`${good.origin}/hook`), parseChannel(`${bad.origin}/gone`)],
      label: 'desk-1',
      retry: { attempts: 2, baseDelayMs: 10 },
    });
    cleanups.push(() => dispatcher.close());
    expect(await dispatcher.sendTest(await engine.checkNow())).toBe(1);
    const payload = JSON.parse(good.received[0]?.body ?? '{}') as AlertPayload;
    expect(payload).toMatchObject({ kind: 'test', host: 'desk-1', level: 'ok' });
    expect(payload.text).toBe(
      'Test alert from the CrossTrade MCP Monitor on desk-1: this channel works.',
    );
  }, 30_000);

  it('refuses a malformed channel without echoing its secret', () => {
    const bad = [
      'telegram://123456:secret-token',
      'ntfy://',
      'http://example.com/hook/secret-path',
      'ftp://example.com/secret-path',
      'not a url secret-token',
    ];
    for (const raw of bad) {
      let error: unknown;
      try {
        parseChannel(raw);
      } catch (e) {
        error = e;
      }
      expect(error, raw).toBeInstanceOf(ChannelError);
      expect((error as Error).message).not.toMatch(/secret/);
    }
    expect(parseChannel('telegram://123456:secret-token@-100').name).toBe('telegram://…@-100');
    expect(parseChannel('ntfy://my-secret-topic').name).toBe('ntfy://…');
    expect(parseChannel('https://hooks.slack.com/services/T/B/secret').kind).toBe('slack');
    expect(parseChannel('https://discord.com/api/webhooks/1/secret').kind).toBe('discord');
    expect(parseChannel('https://ntfy.example.org/secret-topic').kind).toBe('ntfy');
    expect(parseChannel('https://example.com/secret').name).toBe('https://example.com/…');
  });
});

describe('doctor --notify', () => {
  it('takes channels with serve or --watch, and names a bad one without its secret', async () => {
    const { parseDoctorArgs } = await import('../../cli/args');
    const ok = parseDoctorArgs([
      'serve',
      '--demo',
      '--notify',
      'ntfy://desk-alerts',
      '--notify',
      'telegram://1:tok@-100',
    ]);
    expect(ok.notify).toEqual(['ntfy://desk-alerts', 'telegram://1:tok@-100']);
    expect(parseDoctorArgs(['--watch', '--demo', '--notify', 'ntfy://a']).notify).toHaveLength(1);
    expect(() => parseDoctorArgs(['--demo', '--notify', 'ntfy://a'])).toThrow(
      /--notify only works with "serve" or --watch/,
    );
    let message = '';
    try {
      parseDoctorArgs([
        'serve',
        '--demo',
        '--notify',
        'ntfy://a',
        '--notify',
        'telegram://1:topsecret',
      ]);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(
      /^--notify #2: A Telegram channel needs telegram:\/\/BOT_TOKEN@CHAT_ID/,
    );
    expect(message).not.toContain('topsecret');
  });
});
