// A broken authorization server during `doctor --auto-consent`: the check that follows the failed
// sign-in says what CrossTrade's sign-in server did wrong (discovery_failed), not "signed out".
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { runDoctor } from '../../cli/doctor';
import { TOKEN_PATH, useHostileWorld } from './world';

const world = useHostileWorld('hostile-signin-');

interface Problem {
  id: string;
  cause: string;
}

async function doctorCheck(url: string) {
  const dir = await world.dir();
  const out: string[] = [];
  const err: string[] = [];
  const code = await runDoctor(
    ['--url', url, '--auto-consent', '--json', '--state-dir', dir],
    { stdout: (t) => out.push(t), stderr: (t) => err.push(t), isTTY: false, env: {} },
    { nt8ProcessCheck: async () => 'unknown' },
  );
  const snapshot = JSON.parse(out.join('\n')) as { problems: Problem[] };
  return { code, problems: snapshot.problems, stderr: err.join('\n') };
}

const tokenAnswers: Array<[string, (res: ServerResponse, origin: string) => void, RegExp]> = [
  [
    'a redirect',
    (res, origin) => {
      res.writeHead(302, { location: `${origin}/login` });
      res.end();
    },
    /HTTP 302/,
  ],
  [
    'an HTML page',
    (res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><body>Please log in</body></html>');
    },
    /not valid JSON \(text\/html\)/,
  ],
  [
    'invalid JSON',
    (res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"access_token": "ct_at_');
    },
    /not valid JSON/,
  ],
  [
    'tokens without token_type',
    (res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ access_token: 'ct_at_abc', expires_in: 3600 }));
    },
    /token response without token_type/,
  ],
];

describe('doctor --auto-consent against a broken sign-in server', () => {
  it.each(tokenAnswers)(
    'the token endpoint answers %s: the check reports discovery_failed with the evidence',
    async (_name, answer, evidence) => {
      const hostile = await world.start();
      const origin = hostile.origin;
      hostile.rules = [
        (req, res) => {
          if (req.path !== TOKEN_PATH) return false;
          answer(res, origin);
          return true;
        },
      ];
      const run = await doctorCheck(hostile.url);
      const problem = run.problems.find((p) => p.id === 'discovery_failed');
      expect(problem, JSON.stringify(run.problems)).toBeDefined();
      expect(problem?.cause).toMatch(evidence);
      expect(run.stderr).toContain('sign-in failed');
      expect(run.code).toBe(2);
    },
  );

  it('the authorization server names another issuer: discovery_failed, issuer mismatch', async () => {
    const hostile = await world.start([], { issuer: 'http://127.0.0.1:9/elsewhere' });
    const run = await doctorCheck(hostile.url);
    const problem = run.problems.find((p) => p.id === 'discovery_failed');
    expect(problem, JSON.stringify(run.problems)).toBeDefined();
    expect(problem?.cause).toMatch(/issuer mismatch/i);
    expect(run.code).toBe(2);
  });
});
