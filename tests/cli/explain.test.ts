// `doctor explain`: a pasted AI-client error, read together with the live check against the
// simulator over real HTTP.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../simulator/index';
import { runDoctor, type DoctorIO } from '../../cli/doctor';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PASTED_401 =
  'Error executing tool ListPositions: MCP error -32001: Streamable HTTP error: Error POSTing to endpoint (HTTP 401): {"error":"invalid_token"}';
const PASTED_408 =
  'Error executing tool GetConnections: HTTP 408: {"error":"addon_disconnected","message":"The CrossTrade Add-On is not connected"}';

interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

async function doctor(args: string[], io: Partial<DoctorIO> = {}): Promise<Captured> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runDoctor(
    args,
    { stdout: (t) => out.push(t), stderr: (t) => err.push(t), isTTY: false, env: {}, ...io },
    { nt8ProcessCheck: async () => 'unknown' },
  );
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

let sim: Simulator;
let stateDir: string;
beforeAll(async () => {
  sim = await startSimulator();
  stateDir = await mkdtemp(join(tmpdir(), 'doctor-explain-'));
  const login = await doctor([
    '--url',
    sim.url,
    '--auto-consent',
    '--json',
    '--state-dir',
    stateDir,
  ]);
  expect(login.code).toBe(0);
});
afterAll(async () => {
  await sim.close();
  await rm(stateDir, { recursive: true, force: true });
});

describe('doctor explain with the live check', () => {
  it('healthy chain + a pasted 401: the client’s own token, revoke and reconnect it', async () => {
    sim.setScenario('healthy');
    const run = await doctor([
      'explain',
      '--url',
      sim.url,
      '--state-dir',
      stateDir,
      '--json',
      PASTED_401,
    ]);
    const json = JSON.parse(run.stdout) as {
      matches: Array<{ id: string; confidence: string; why: string }>;
      live: { level: string } | null;
      steps: Array<{ text: string; action?: string }>;
    };
    expect(Object.keys(json)).toEqual(['matches', 'live', 'steps']);
    expect(Object.keys(json.matches[0] ?? {})).toEqual(['id', 'confidence', 'why']);
    expect(json.matches[0]).toMatchObject({ id: 'token_invalid', confidence: 'high' });
    expect(json.live).toMatchObject({ level: 'ok' });
    expect(json.steps[0]).toEqual({
      text: expect.stringMatching(
        /answer the monitor right now, so the 401 is your client’s own token: revoke that client on AI Clients and reconnect it/,
      ),
      action: 'open_ai_clients',
    });
    expect(run.code).toBe(2);
  });

  it('disconnected add-on + a pasted 408: fix the add-on first', async () => {
    sim.setScenario('addon_disconnected', { encoding: 'http_408' });
    try {
      const run = await doctor(['explain', '--url', sim.url, '--state-dir', stateDir, PASTED_408]);
      expect(run.code).toBe(2);
      expect(run.stdout).toMatch(
        /^● ERROR {2}The CrossTrade Add-On is disconnected \[addon_disconnected\] \(high confidence\)/,
      );
      expect(run.stdout).toMatch(/Live check: ● ERROR {2}The CrossTrade Add-On is disconnected/);
      expect(run.stdout).toMatch(
        /\n {2}1\. The add-on is disconnected for the monitor too: fix that first/,
      );
      expect(run.stdout).toMatch(/Open the CrossTrade Add-On panel/);
    } finally {
      sim.setScenario('healthy');
    }
  });

  it('reads the error from stdin when no text is given', async () => {
    const run = await doctor(['explain', '--url', sim.url, '--state-dir', stateDir, '--json'], {
      readStdin: async () =>
        'HTTP/1.1 403 Forbidden\nWWW-Authenticate: Bearer error="insufficient_scope", scope="mcp:trade"\n tool PlaceOrder',
    });
    const json = JSON.parse(run.stdout) as {
      matches: Array<{ id: string }>;
      steps: Array<{ text: string }>;
    };
    expect(json.matches[0]?.id).toBe('insufficient_scope');
    expect(json.steps[0]?.text).toMatch(
      /safety system working.*only if the workflow needs writes; otherwise change the prompt/,
    );
    expect(run.code).toBe(1);
  });
});

describe('doctor explain without a sign-in', () => {
  it('makes no request to CrossTrade and says there is no live check', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'doctor-explain-none-'));
    try {
      const before = JSON.stringify(sim.stats().requests);
      const run = await doctor(['explain', '--url', sim.url, '--state-dir', empty, PASTED_401]);
      expect(JSON.stringify(sim.stats().requests)).toBe(before);
      expect(run.stdout).toMatch(
        /^● ERROR {2}CrossTrade rejected your AI client’s token \[token_invalid\]/,
      );
      expect(run.stdout).toContain('Live check: none');
      expect(run.stdout).toMatch(/1\. Revoke that AI client on the AI Clients page/);
      expect(run.code).toBe(2);
      const json = JSON.parse(
        (await doctor(['explain', '--url', sim.url, '--state-dir', empty, '--json', PASTED_401]))
          .stdout,
      ) as { live: unknown };
      expect(json.live).toBeNull();
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it('says honestly when the text is no known CrossTrade error: exit 3, the general checklist', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'doctor-explain-none-'));
    try {
      const run = await doctor([
        'explain',
        '--url',
        sim.url,
        '--state-dir',
        empty,
        'my cat sat on the keyboard',
      ]);
      expect(run.code).toBe(3);
      expect(run.stdout).toMatch(/^● UNKNOWN {2}This is not one of the known CrossTrade errors/);
      expect(run.stdout).toMatch(/Remove the CrossTrade server from the AI client/);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it('asks for the text when there is none (exit 64)', async () => {
    const run = await doctor(['explain', '--url', sim.url], { readStdin: async () => '  \n' });
    expect(run.code).toBe(64);
    expect(run.stderr).toMatch(/explain needs the error text/);
  });
});

describe('doctor explain as a real process', () => {
  it('reads a piped error, never echoes a secret in it', { timeout: 30_000 }, async () => {
    const empty = await mkdtemp(join(tmpdir(), 'doctor-explain-proc-'));
    try {
      const result = await new Promise<Captured>((resolve) => {
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', 'bin/doctor.ts', 'explain', '--url', sim.url, '--state-dir', empty],
          { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' }, stdio: ['pipe', 'pipe', 'pipe'] },
        );
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
        child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
        child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
        child.stdin.end(
          `${PASTED_408}\nAuthorization: Bearer ct_at_CANARYpipe1234567890\nuser dana.trader@example.com\n`,
        );
      });
      expect(result.code).toBe(2);
      expect(result.stdout).toMatch(/\[addon_disconnected\]/);
      expect(`${result.stdout}${result.stderr}`).not.toMatch(/CANARYpipe|dana\.trader/);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
