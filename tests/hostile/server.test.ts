// The hostile proxy itself: forwards what no rule claims, so a full check through it is healthy,
// and a rule really replaces the exchange it claims.
import { describe, expect, it } from 'vitest';
import { rpcResult } from './server';
import { useHostileWorld } from './world';

const world = useHostileWorld();

describe('hostile server', () => {
  it('passes everything through to the simulator when no rule claims it', async () => {
    const hostile = await world.start();
    const snapshot = await (await world.engine(hostile)).checkNow();
    expect(snapshot.level).toBe('ok');
    expect(hostile.seen).toContain('POST /v1/api/mcp');
    expect(hostile.seen.some((line) => line.includes('/.well-known/'))).toBe(true);
  });

  it('lets a rule answer one tool call in the simulator’s place', async () => {
    const hostile = await world.start([
      (req, res) => {
        if (req.toolName !== 'GetMcpCapabilities') return false;
        rpcResult(req, res, { content: [{ type: 'text', text: 'not json' }] });
        return true;
      },
    ]);
    const snapshot = await (await world.engine(hostile)).checkNow();
    expect(snapshot.problems.map((p) => p.id)).toContain('malformed_response');
  });
});
