// `doctor serve`'s Prometheus metrics, built from snapshots. A registry of its own (never
// prom-client's global one) so two services in one process, and tests, never share counters.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { PROBLEM_IDS } from '../shared/health';
import type { HealthSnapshot, Level } from '../shared/health';
import { redact } from '../shared/redact';
import { plainText } from '../shared/sanitize';

/** crosstrade_mcp_level: ordered by how little is known to be right. */
export const LEVEL_VALUE: Record<Level, number> = { ok: 0, warning: 1, error: 2, unknown: 3 };

export interface ServeMetrics {
  registry: Registry;
  /** Folds one finished check into the metrics. */
  observe(snapshot: HealthSnapshot): void;
}

export interface MetricsOptions {
  /** This computer's name, added as `label="…"` to every series. */
  label?: string;
  /** Process metrics (CPU, memory, handles); off in unit tests that compare exact text. */
  processMetrics?: boolean;
}

/** A version string from the server, safe as a label value (short, plain, redacted). */
function versionLabel(value: string | undefined): string {
  if (value === undefined) return '';
  return redact(plainText(value)).slice(0, 64);
}

export function createServeMetrics(options: MetricsOptions = {}): ServeMetrics {
  const registry = new Registry();
  if (options.label !== undefined) registry.setDefaultLabels({ label: options.label });
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const up = new Gauge({
    name: 'crosstrade_mcp_up',
    help: '1 when the last check found the whole chain ok.',
    registers,
  });
  const level = new Gauge({
    name: 'crosstrade_mcp_level',
    help: 'Level of the last check: 0 ok, 1 warning, 2 error, 3 unknown.',
    registers,
  });
  const problem = new Gauge({
    name: 'crosstrade_mcp_problem',
    help: '1 while the problem is active, 0 otherwise; every problem id is always exported.',
    labelNames: ['id'],
    registers,
  });
  const duration = new Histogram({
    name: 'crosstrade_mcp_check_duration_seconds',
    help: 'Wall time of one check.',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  const checks = new Counter({
    name: 'crosstrade_mcp_checks_total',
    help: 'Checks run, by result level.',
    labelNames: ['result'],
    registers,
  });
  const addonInfo = new Gauge({
    name: 'crosstrade_mcp_addon_info',
    help: 'Versions of the CrossTrade Add-On and NinjaTrader 8 the last check saw (value 1).',
    labelNames: ['addon_version', 'nt8_version'],
    registers,
  });
  const tokenExpiry = new Gauge({
    name: 'crosstrade_mcp_token_expiry_timestamp_seconds',
    help: 'Unix time the access token expires; 0 while signed out.',
    registers,
  });
  const refreshable = new Gauge({
    name: 'crosstrade_mcp_token_refreshable',
    help: '1 when a refresh token is held: the access token renews itself before it expires.',
    registers,
  });
  // Before the first check nothing is known: unknown, no problem active, every series present.
  level.set(LEVEL_VALUE.unknown);
  up.set(0);
  for (const id of PROBLEM_IDS) problem.set({ id }, 0);
  for (const result of Object.keys(LEVEL_VALUE)) checks.inc({ result }, 0);

  return {
    registry,
    observe(snapshot) {
      up.set(snapshot.level === 'ok' ? 1 : 0);
      level.set(LEVEL_VALUE[snapshot.level]);
      const active = new Set(snapshot.problems.map((p) => p.id));
      for (const id of PROBLEM_IDS) problem.set({ id }, active.has(id) ? 1 : 0);
      if (snapshot.latencyMs !== undefined) duration.observe(snapshot.latencyMs / 1000);
      checks.inc({ result: snapshot.level });
      addonInfo.reset();
      const caps = snapshot.capabilities;
      if (caps && (caps.addonVersion !== undefined || caps.nt8Version !== undefined)) {
        addonInfo.set(
          {
            addon_version: versionLabel(caps.addonVersion),
            nt8_version: versionLabel(caps.nt8Version),
          },
          1,
        );
      }
      const expires = snapshot.token.accessExpiresAt;
      const at = expires === undefined ? NaN : Date.parse(expires);
      if (snapshot.token.state === 'signed_in' && Number.isFinite(at)) tokenExpiry.set(at / 1000);
      else tokenExpiry.reset();
      refreshable.set(
        snapshot.token.state === 'signed_in' && snapshot.token.refreshTokenPresent ? 1 : 0,
      );
    },
  };
}
