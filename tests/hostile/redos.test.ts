// One server message must never freeze the monitor: error texts built to make redaction
// backtrack (a long run of capitals, of e-mail characters) come back as a verdict in moments.
import { describe, expect, it } from 'vitest';
import { useHostileWorld } from './world';

const world = useHostileWorld('redos-');

describe('error texts that made redaction backtrack', () => {
  it.each([
    ['a run of capitals', `Upstream said ${'X'.repeat(5_000)}`],
    ['a run of e-mail characters', `bad ${'a'.repeat(200_000)}`],
    ['a run of JWT-like pieces', `oops ${'eyJ-'.repeat(20_000)}`],
  ])('a 500 carrying %s is a server_error within seconds', async (_what, body) => {
    const hostile = await world.start();
    const engine = await world.engine(hostile);
    hostile.rules = [
      (req, res) => {
        if (req.toolName !== 'GetMcpCapabilities') return false;
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(body);
        return true;
      },
    ];
    const started = performance.now();
    const snapshot = await engine.checkNow();
    // Before redaction was made linear this did not finish at all.
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(snapshot.problems.map((p) => p.id)).toContain('server_error');
    expect(snapshot.problems[0]?.cause.length).toBeLessThan(2_000);
  });
});
