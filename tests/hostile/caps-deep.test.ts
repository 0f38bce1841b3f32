// A capabilities payload nested 5,000 deep: every doctor output still prints (one JSON line, the
// report, the human text) and names the problem, instead of "Maximum call stack size exceeded".
import { describe, expect, it } from 'vitest';
import { useDoctorOnHostile } from './caps-helpers';

const DEPTH = 5000;
/** Written by hand: JSON.stringify itself overflows on an object this deep. */
const DEEP_CAPABILITIES = `{"addon_version":"1.13.0","nt8_version":"8.1.6.3","features":["backtest"],"layers":${'{"a":'.repeat(DEPTH)}1${'}'.repeat(DEPTH)}}`;

const doctor = useDoctorOnHostile(
  [
    (req, res) => {
      if (req.toolName !== 'GetMcpCapabilities') return false;
      const body =
        `{"jsonrpc":"2.0","id":${JSON.stringify(req.rpcId)},"result":{"content":[{"type":"text",` +
        `"text":${JSON.stringify(DEEP_CAPABILITIES)}}],"structuredContent":${DEEP_CAPABILITIES}}}`;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(body);
      return true;
    },
  ],
  'caps-deep-',
);

const EVIDENCE = 'nested deeper than 64 levels';

describe('capabilities nested 5,000 deep', () => {
  it('--json prints one JSON line naming malformed_response', async () => {
    const run = await doctor('--json');
    expect(run.stderr).not.toMatch(/call stack/i);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const json = JSON.parse(lines[0] ?? '') as { problems: Array<{ id: string; cause: string }> };
    const problem = json.problems.find((p) => p.id === 'malformed_response');
    expect(problem?.cause).toContain(EVIDENCE);
  });

  it('the human output names the problem', async () => {
    const run = await doctor();
    expect(run.stdout).toContain('[malformed_response]');
    expect(run.stdout).toContain(EVIDENCE);
  });

  it('--report and --report --json print, with the payload cut at a bounded depth', async () => {
    const text = await doctor('--report');
    expect(text.stderr).not.toMatch(/call stack/i);
    expect(text.stdout).toMatch(/^CrossTrade MCP Monitor: support report/);
    expect(text.stdout).toContain('malformed_response');
    const json = await doctor('--report', '--json');
    const report = JSON.parse(json.stdout) as { getMcpCapabilities: unknown };
    expect(JSON.stringify(report.getMcpCapabilities)).toContain('[nested too deep]');
  });
});
