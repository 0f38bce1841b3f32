// The ready-made operations files: Prometheus' own promtool accepts the config and rules and the
// rules' unit tests pass; the dashboard and the systemd unit name metrics and commands that exist.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createServeMetrics } from '../../cli/metrics';

const OPS = fileURLToPath(new URL('../../docs/operations/', import.meta.url));

function promtool(...args: string[]): { status: number | null; output: string } {
  const run = spawnSync('promtool', args, { cwd: OPS, encoding: 'utf8' });
  if (run.error) {
    throw new Error(
      'promtool is not installed: install Debian\'s "prometheus" package (.ci/run does this).',
    );
  }
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

async function exportedNames(): Promise<Set<string>> {
  const text = await createServeMetrics().registry.metrics();
  const names = new Set<string>(['up']);
  for (const m of text.matchAll(/^# TYPE (\S+) (\S+)/gm)) {
    names.add(m[1] ?? '');
    if (m[2] === 'histogram')
      for (const s of ['_bucket', '_sum', '_count']) names.add(`${m[1]}${s}`);
  }
  return names;
}

function metricNames(expr: string): string[] {
  return [...expr.matchAll(/\b(crosstrade_mcp_\w+|process_\w+)/g)].map((m) => m[1] ?? '');
}

describe('docs/operations', () => {
  it('passes promtool check config', () => {
    const run = promtool('check', 'config', 'prometheus.yml');
    expect(run.output).toContain('SUCCESS');
    expect(run.status).toBe(0);
  });

  it('passes promtool check rules', () => {
    const run = promtool('check', 'rules', 'alerts.yml');
    expect(run.output).toContain('SUCCESS: 5 rules found');
    expect(run.status).toBe(0);
  });

  it('passes promtool test rules', () => {
    const run = promtool('test', 'rules', 'rules-test.yml');
    expect(run.output).toContain('SUCCESS');
    expect(run.status).toBe(0);
  });

  it('alerts and the dashboard read only metrics doctor serve exports', async () => {
    const names = await exportedNames();
    const rules = readFileSync(`${OPS}alerts.yml`, 'utf8');
    const dashboard = JSON.parse(readFileSync(`${OPS}grafana-dashboard.json`, 'utf8')) as {
      panels: { targets: { expr: string }[] }[];
    };
    const used = [
      ...metricNames(rules),
      ...dashboard.panels.flatMap((p) => p.targets.flatMap((t) => metricNames(t.expr))),
    ];
    expect(used.length).toBeGreaterThan(10);
    expect(used.filter((n) => !names.has(n))).toEqual([]);
  });

  it('the systemd unit runs doctor serve and stops it with SIGTERM', () => {
    const unit = readFileSync(`${OPS}crosstrade-doctor.service`, 'utf8');
    expect(unit).toMatch(/^ExecStart=.*doctor -- serve/m);
    expect(unit).toMatch(/^KillSignal=SIGTERM$/m);
    expect(unit).toMatch(/^WantedBy=multi-user.target$/m);
  });
});
