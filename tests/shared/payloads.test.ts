// The tool payload parsers: whatever a server sends, what comes out is bounded, plain and
// redacted, so the window, tray, alerts and CLI can show it as it is.
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../shared/diagnose';
import { parseCapabilities, parseConnections, parseSelfTest } from '../../shared/payloads';
import { CAPABILITIES_1_13, call, capabilitiesCall, observation } from './observations';

function nested(depth: number, leaf: unknown = 1): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJDQU5BUlkifQ.Q0FOQVJZc2lnbmF0dXJl';
const SECRETS = [
  JWT,
  'ctk9f8e7d6c5b4a3928170CANARY6e5d',
  'canary@example.com',
  'APEX77123-04',
  '48213.77',
];

describe('payload depth', () => {
  it('capabilities nested 5,000 deep are malformed_response, and the snapshot clones', () => {
    const deep = { ...CAPABILITIES_1_13, layers: nested(5000) };
    // No text form: JSON.stringify itself overflows on this.
    const snapshot = diagnose(
      observation({ calls: [call('GetMcpCapabilities', { result: deep })] }),
    );
    const problem = snapshot.problems.find((p) => p.id === 'malformed_response');
    expect(problem?.cause).toContain('nested deeper than 64 levels');
    // What the app pushes to its window (structured clone) and what --json prints.
    expect(() => structuredClone(snapshot)).not.toThrow();
    expect(() => JSON.stringify(snapshot)).not.toThrow();
  });

  it('keeps unknown fields nested within the bound', () => {
    const snapshot = diagnose(
      observation({ calls: [capabilitiesCall({ ...CAPABILITIES_1_13, layers: nested(60) })] }),
    );
    expect(snapshot.problems).toEqual([]);
    expect(JSON.stringify(snapshot.capabilities?.extra.layers)).toContain('{"a":1}');
    expect(() => structuredClone(snapshot)).not.toThrow();
  });

  it.each([
    ['GetConnections', () => parseConnections({ connections: [nested(100)] })],
    ['McpSelfTest', () => parseSelfTest({ transport: 'ok', categories: nested(100) })],
  ])('%s nested past the bound is refused', (_name, parse) => {
    expect(parse()).toEqual({ ok: false, reason: 'the reply is nested deeper than 64 levels' });
  });
});

describe('payload text', () => {
  it('redacts every field, keeping versions and feature names intact', () => {
    const capabilities = parseCapabilities({
      addon_version: '1.13.0-beta.2',
      nt8_version: '8.1.6.3',
      features: ['backtest', 'nt8_strategy_analyzer', `leak ${JWT}`],
      backtest_engine: { available: true, engine: 'nt8_strategy_analyzer' },
      warning: 'mail canary@example.com',
      warnings: ['webhook_secret=ctk9f8e7d6c5b4a3928170CANARY6e5d'],
      account: 'APEX77123-04',
      balance: 48213.77,
      nested: { note: `Balance $48213.77 on APEX77123-04`, token: JWT },
    });
    expect(capabilities.ok).toBe(true);
    if (!capabilities.ok) return;
    expect(capabilities.value).toMatchObject({
      addonVersion: '1.13.0-beta.2',
      nt8Version: '8.1.6.3',
      backtestEngine: { engine: 'nt8_strategy_analyzer' },
    });
    expect(capabilities.value.features.slice(0, 2)).toEqual(['backtest', 'nt8_strategy_analyzer']);
    const connections = parseConnections({
      connections: [{ name: 'APEX77123-04', status: `Disconnected: ${JWT}` }],
    });
    const selfTest = parseSelfTest({
      transport: 'degraded for canary@example.com',
      categories: { accounts: 'token=ctk9f8e7d6c5b4a3928170CANARY6e5d' },
      warnings: [`Balance $48213.77`],
    });
    const all = JSON.stringify([capabilities, connections, selfTest]);
    for (const secret of SECRETS) expect(all).not.toContain(secret);
  });

  it('strips control characters and clips megabyte strings, quickly', () => {
    const started = performance.now();
    const parsed = parseCapabilities({
      ...CAPABILITIES_1_13,
      warnings: [`\u001b[2J\u202eclear the cache ${'and again '.repeat(100_000)}`],
      blob: 'b'.repeat(1_000_000),
    });
    // Redacting a megabyte string took minutes before it was clipped.
    expect(performance.now() - started).toBeLessThan(2000);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const warning = parsed.value.warnings[0] ?? '';
    expect(warning.length).toBeLessThanOrEqual(501);
    expect(warning).toMatch(/^clear the cache and again .*…$/);
    expect(String(parsed.value.extra.blob).length).toBeLessThanOrEqual(501);
  });
});
