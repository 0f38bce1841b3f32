// Every string a server sends reaches the terminal redacted and plain: canary secrets and terminal
// control sequences in every field of the three payloads the monitor reads, through the real
// `doctor` (human, --json, --report, --report --json, --watch --json).
import { describe, expect, it } from 'vitest';
import { CONTROL_OR_BIDI, useDoctorOnHostile } from './caps-helpers';
import { rpcResult } from './server';

/** Each is a secret of its kind; none may appear in any output, whole or in part. */
const CANARIES = {
  jwt: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJDQU5BUlkifQ.Q0FOQVJZc2lnbmF0dXJlMDAx',
  opaque: 'ctk9f8e7d6c5b4a3928170CANARY6e5d',
  email: 'canary.trader@example.com',
  account: 'APEX77123-04',
  webhook: 'whsec_CANARY5b7c9d1e3f5a7b9c',
  balance: '48213.77',
};
const SECRETS = Object.values(CANARIES);

/** What a hostile server prints to take over a terminal: clear, home, title, BEL, BS, RLO. */
const TAKEOVER = '\u001b[2J\u001b[H\u001b]0;pwned\u0007\u0008\u0008\u202eKO LLA\u202c\u0007';

const CAPABILITIES = {
  addon_version: '1.13.0',
  nt8_version: `8.1.6.3 ${TAKEOVER} ${CANARIES.email}`,
  features: ['backtest', `journal${TAKEOVER}`],
  backtest_engine: { available: true, engine: `engine on ${CANARIES.account}` },
  warning: `webhook secret: ${CANARIES.webhook}${TAKEOVER}`,
  warnings: [`token ${CANARIES.jwt}`, `Balance $${CANARIES.balance}`, TAKEOVER],
  session: { token: CANARIES.opaque, note: `owner ${CANARIES.email}` },
  account_balance: Number(CANARIES.balance),
  account: CANARIES.account,
  [`${TAKEOVER}key`]: `${CANARIES.opaque} ${TAKEOVER}`,
};
const CONNECTIONS = {
  connections: [
    { name: CANARIES.account, status: 'Connected' },
    { name: `Rithmic${TAKEOVER}`, status: `Disconnected (token=${CANARIES.opaque})${TAKEOVER}` },
  ],
};
const SELF_TEST = {
  transport: `degraded ${TAKEOVER}`,
  categories: {
    accounts: `failed for ${CANARIES.email} ${TAKEOVER}`,
    [`orders${TAKEOVER}`]: `unavailable: ${CANARIES.jwt}`,
  },
  warnings: [`${CANARIES.webhook} ${TAKEOVER}`],
};

const doctor = useDoctorOnHostile(
  [
    (req, res) => {
      const payload =
        req.toolName === 'GetMcpCapabilities'
          ? CAPABILITIES
          : req.toolName === 'GetConnections'
            ? CONNECTIONS
            : req.toolName === 'McpSelfTest'
              ? SELF_TEST
              : undefined;
      if (payload === undefined) return false;
      rpcResult(req, res, {
        content: [{ type: 'text', text: JSON.stringify(payload) }],
        structuredContent: payload,
      });
      return true;
    },
  ],
  'caps-output-',
);

/** No canary, no raw control or bidi character, and no JSON-escaped control character. */
function expectClean(output: string) {
  expect(output.length).toBeGreaterThan(100);
  for (const secret of SECRETS) expect(output).not.toContain(secret);
  expect(output).not.toContain('48,213');
  expect(output).not.toMatch(CONTROL_OR_BIDI);
  expect(output).not.toMatch(/\\u00[01][0-9a-f]|\\u007f|\\b|\\t|\\r/i);
  expect(output).not.toContain('pwned');
}

describe('server strings in doctor output', () => {
  it('human output: redacted, no escape sequences, the facts still readable', async () => {
    const run = await doctor();
    expectClean(run.stdout);
    expect(run.stdout).toContain('add-on v1.13.0');
    expect(run.stdout).toContain('[selftest_degraded]');
    expect(run.stdout).toContain('[broker_disconnected]');
  });

  it('--json: redacted and plain in capabilities, causes and every other field', async () => {
    const run = await doctor('--json');
    expectClean(run.stdout);
    const json = JSON.parse(run.stdout) as {
      capabilities: { addonVersion: string; features: string[] };
    };
    // Version strings and feature names stay intact.
    expect(json.capabilities.addonVersion).toBe('1.13.0');
    expect(json.capabilities.features).toContain('backtest');
  });

  it('--report and --report --json: redacted and plain, raw payload included', async () => {
    const text = await doctor('--report');
    expectClean(text.stdout);
    expect(text.stdout).toMatch(/^CrossTrade MCP Monitor: support report/);
    const json = await doctor('--report', '--json');
    expectClean(json.stdout);
    expect(JSON.parse(json.stdout)).toHaveProperty('getMcpCapabilities.addon_version', '1.13.0');
  });

  it('--watch --json lines: redacted and plain', async () => {
    const run = await doctor('--watch', '--count', '2', '--interval', '0.25', '--json');
    expect(run.stdout.trim().split('\n')).toHaveLength(2);
    expectClean(run.stdout);
  });
});
