// A server that answers with tens of megabytes: the monitor reads at most 1 MB of any answer and
// says so (malformed_response), quickly and without the memory the body would cost.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runDoctorChild, streamBody } from './caps-helpers';
import { startHostileServer, type HostileRule, type HostileServer } from './server';

const MB = 1024 * 1024;
/** Generous: the capped check takes a few seconds; the uncapped one took minutes. */
const DEADLINE_MS = 60_000;

let hostile: HostileServer;
let dir: string;
let baselineMb: number;

beforeAll(async () => {
  hostile = await startHostileServer();
  dir = await mkdtemp(join(tmpdir(), 'caps-size-'));
  // What a healthy check costs this machine: the memory bound below is relative to it.
  const healthy = await check();
  expect(JSON.parse(healthy.stdout)).toMatchObject({ level: 'ok' });
  baselineMb = healthy.peakMb;
}, 60_000);
afterAll(async () => {
  await hostile.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  hostile.rules = [];
});

function check() {
  return runDoctorChild(
    ['--url', hostile.url, '--auto-consent', '--json', '--state-dir', dir, '--timeout', '30000'],
    DEADLINE_MS,
  );
}

/** Answers the capabilities call with `answer`. */
function onCapabilities(answer: HostileRule): HostileRule {
  return (req, res, forward) =>
    req.toolName === 'GetMcpCapabilities' ? answer(req, res, forward) : false;
}

async function expectCapped(evidence: string) {
  const run = await check();
  expect(run.killed, `doctor was still running after ${DEADLINE_MS} ms`).toBe(false);
  const json = JSON.parse(run.stdout) as { problems: Array<{ id: string; cause: string }> };
  const problem = json.problems.find((p) => p.id === 'malformed_response');
  expect(problem?.cause).toContain(evidence);
  // Reading 50 MB cost several hundred MB before the cap; capped it costs about nothing extra.
  expect(run.peakMb - baselineMb).toBeLessThan(120);
  return run;
}

describe('answers past 1 MB', () => {
  it('a 50 MB tool result (no Content-Length) is cut at 1 MB: malformed_response', async () => {
    hostile.rules = [
      onCapabilities((req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        const head = `{"jsonrpc":"2.0","id":${JSON.stringify(req.rpcId)},"result":{"content":[{"type":"text","text":"`;
        void streamBody(res, head, 50 * MB, '"}]}}');
        return true;
      }),
    ];
    await expectCapped('the server sent more than 1 MB; the limit is 1 MB');
  }, 90_000);

  it('50 MB of HTML with its Content-Length is refused from the header: "50 MB"', async () => {
    hostile.rules = [
      onCapabilities((_req, res) => {
        const size = 50 * MB;
        res.writeHead(200, { 'content-type': 'text/html', 'content-length': size });
        void streamBody(
          res,
          '<html><body>',
          size - '<html><body></body></html>'.length,
          '</body></html>',
        );
        return true;
      }),
    ];
    await expectCapped('the server sent 50 MB; the limit is 1 MB');
  }, 90_000);

  it('a 50 MB SSE stream is counted as it streams and ends the call at once', async () => {
    hostile.rules = [
      onCapabilities((req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        const head = `event: message\ndata: {"jsonrpc":"2.0","id":${JSON.stringify(req.rpcId)},"result":{"content":[{"type":"text","text":"`;
        void streamBody(res, head, 50 * MB, '"}]}}\n\n');
        return true;
      }),
    ];
    const run = await expectCapped('the server sent more than 1 MB; the limit is 1 MB');
    // Not a wait for the 30 s call timeout: the cut ends the call.
    expect(run.ms).toBeLessThan(25_000);
  }, 90_000);

  it('a 50 MB token answer at sign-in is refused too', async () => {
    hostile.rules = [
      (req, res) => {
        if (req.method !== 'POST' || !/token/.test(req.path)) return false;
        res.writeHead(200, { 'content-type': 'application/json' });
        void streamBody(res, '{"access_token":"', 50 * MB, '","token_type":"Bearer"}');
        return true;
      },
    ];
    const fresh = await mkdtemp(join(tmpdir(), 'caps-size-token-'));
    try {
      const run = await runDoctorChild(
        ['--url', hostile.url, '--auto-consent', '--json', '--state-dir', fresh],
        DEADLINE_MS,
      );
      expect(run.killed).toBe(false);
      expect(`${run.stdout}\n${run.stderr}`).toContain('the limit is 1 MB');
      expect(run.peakMb - baselineMb).toBeLessThan(120);
    } finally {
      await rm(fresh, { recursive: true, force: true });
    }
  }, 90_000);
});
