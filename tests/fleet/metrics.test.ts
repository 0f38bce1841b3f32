// The metrics doctor serve exports, from snapshots: what a Prometheus query would read.
import { describe, expect, it } from 'vitest';
import { createServeMetrics } from '../../cli/metrics';
import { PROBLEM_IDS } from '../../shared/health';
import type { HealthSnapshot, Problem } from '../../shared/health';

function snapshot(over: Partial<HealthSnapshot> = {}): HealthSnapshot {
  return {
    level: 'ok',
    problems: [],
    status: 'checked',
    checkedAt: '2026-01-05T15:00:00.000Z',
    serverUrl: 'http://127.0.0.1:1/v1/api/mcp',
    latencyMs: 180,
    token: {
      state: 'signed_in',
      accessExpiresAt: '2026-01-05T16:00:00.000Z',
      refreshTokenPresent: true,
    },
    nt8Process: 'unknown',
    capabilities: {
      addonVersion: '1.13.0',
      nt8Version: '8.1.6.3',
      features: [],
      warnings: [],
      extra: {},
    },
    ...over,
  };
}

const problem = (id: Problem['id']): Problem =>
  ({ id, level: 'error', title: id, cause: 'seen', steps: [] }) as unknown as Problem;

async function values(
  metrics: ReturnType<typeof createServeMetrics>,
): Promise<Map<string, number>> {
  const map = new Map<string, number>();
  for (const line of (await metrics.registry.metrics()).split('\n')) {
    if (line.startsWith('#') || line === '') continue;
    const at = line.lastIndexOf(' ');
    map.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return map;
}

describe('serve metrics', () => {
  it('says unknown, with every problem id at 0, before the first check', async () => {
    const m = await values(createServeMetrics({ processMetrics: false }));
    expect(m.get('crosstrade_mcp_level')).toBe(3);
    expect(m.get('crosstrade_mcp_up')).toBe(0);
    for (const id of PROBLEM_IDS) expect(m.get(`crosstrade_mcp_problem{id="${id}"}`)).toBe(0);
  });

  it('follows the checks: level, up, active problems, counts, versions, token expiry', async () => {
    const metrics = createServeMetrics({ processMetrics: false });
    metrics.observe(snapshot());
    let m = await values(metrics);
    expect(m.get('crosstrade_mcp_up')).toBe(1);
    expect(m.get('crosstrade_mcp_level')).toBe(0);
    expect(m.get('crosstrade_mcp_token_expiry_timestamp_seconds')).toBe(
      Date.parse('2026-01-05T16:00:00.000Z') / 1000,
    );
    expect(m.get('crosstrade_mcp_addon_info{addon_version="1.13.0",nt8_version="8.1.6.3"}')).toBe(
      1,
    );

    metrics.observe(
      snapshot({
        level: 'error',
        problems: [problem('addon_disconnected')],
        capabilities: undefined,
      }),
    );
    m = await values(metrics);
    expect(m.get('crosstrade_mcp_up')).toBe(0);
    expect(m.get('crosstrade_mcp_level')).toBe(2);
    expect(m.get('crosstrade_mcp_problem{id="addon_disconnected"}')).toBe(1);
    expect(m.get('crosstrade_mcp_problem{id="nt8_not_running"}')).toBe(0);
    expect(m.get('crosstrade_mcp_checks_total{result="ok"}')).toBe(1);
    expect(m.get('crosstrade_mcp_checks_total{result="error"}')).toBe(1);
    expect(m.get('crosstrade_mcp_check_duration_seconds_count')).toBe(2);
    expect(m.get('crosstrade_mcp_check_duration_seconds_sum')).toBeCloseTo(0.36);
    // The versions are no longer known: no stale info series.
    expect([...m.keys()].some((k) => k.startsWith('crosstrade_mcp_addon_info'))).toBe(false);

    metrics.observe(
      snapshot({ level: 'unknown', token: { state: 'signed_out', refreshTokenPresent: false } }),
    );
    m = await values(metrics);
    expect(m.get('crosstrade_mcp_problem{id="addon_disconnected"}')).toBe(0);
    expect(m.get('crosstrade_mcp_level')).toBe(3);
    expect(m.get('crosstrade_mcp_token_expiry_timestamp_seconds')).toBe(0);
    expect(m.get('crosstrade_mcp_token_refreshable')).toBe(0);
  });

  it('keeps a server-sent version plain and redacted in its label', async () => {
    const metrics = createServeMetrics({ processMetrics: false, label: 'vps-2' });
    const secret = 'sk_live_' + 'Zx9'.repeat(12);
    metrics.observe(
      snapshot({
        capabilities: {
          addonVersion: `1.13\u001b[2J ${secret}`,
          features: [],
          warnings: [],
          extra: {},
        },
      }),
    );
    const text = await metrics.registry.metrics();
    expect(text).not.toContain(secret);
    expect(text).not.toContain('\u001b');
    expect(text).toContain('crosstrade_mcp_up{label="vps-2"} 1');
  });

  it("never touches prom-client's global registry", async () => {
    const { register } = await import('prom-client');
    createServeMetrics().observe(snapshot());
    expect(await register.metrics()).not.toContain('crosstrade_mcp');
  });
});
