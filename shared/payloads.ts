// Parsers for the documented tool payloads (crosstrade-mcp.md §3). Fields may evolve: extra fields
// are kept, missing optional ones tolerated, wrong types rejected (malformed_response).
import { z } from 'zod';
import type { BrokerConnection, Capabilities, CallRecord, SelfTest } from './health';

const optionalText = z.string().nullish();

const capabilitiesSchema = z
  .object({
    addon_version: optionalText,
    nt8_version: optionalText,
    features: z.array(z.string()).nullish(),
    backtest_engine: z
      .object({ available: z.boolean().nullish(), engine: optionalText })
      .loose()
      .nullish(),
    warning: optionalText,
    warnings: z.array(z.string()).nullish(),
  })
  .loose();

const connectionsSchema = z.object({
  connections: z.array(z.object({ name: z.string(), status: z.string() }).loose()),
});

const selfTestSchema = z
  .object({
    transport: z.string(),
    categories: z.record(z.string(), z.string()).nullish(),
    warnings: z.array(z.string()).nullish(),
  })
  .loose();

const KNOWN_CAPABILITY_KEYS = new Set([
  'addon_version',
  'nt8_version',
  'features',
  'backtest_engine',
  'warning',
  'warnings',
]);

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

/** The tool's payload: structuredContent, else its text content parsed as JSON. */
export function payloadOf(call: CallRecord): Parsed<unknown> {
  if (call.result !== undefined && call.result !== null) return { ok: true, value: call.result };
  if (call.text === undefined) return { ok: false, reason: 'the reply had no content' };
  try {
    return { ok: true, value: JSON.parse(call.text) };
  } catch {
    return { ok: false, reason: 'the reply was not JSON' };
  }
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'unexpected shape';
  const path = issue.path.join('.') || 'payload';
  return `${path}: ${issue.message}`;
}

export function parseCapabilities(raw: unknown): Parsed<Capabilities> {
  const parsed = capabilitiesSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: describeIssue(parsed.error) };
  const data = parsed.data;
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (!KNOWN_CAPABILITY_KEYS.has(key)) extra[key] = value;
  }
  const warnings = [...(data.warnings ?? []), ...(data.warning ? [data.warning] : [])];
  const capabilities: Capabilities = { features: data.features ?? [], warnings, extra };
  if (data.addon_version) capabilities.addonVersion = data.addon_version;
  if (data.nt8_version) capabilities.nt8Version = data.nt8_version;
  if (data.backtest_engine) {
    capabilities.backtestEngine = {
      ...(typeof data.backtest_engine.available === 'boolean'
        ? { available: data.backtest_engine.available }
        : {}),
      ...(data.backtest_engine.engine ? { engine: data.backtest_engine.engine } : {}),
    };
  }
  return { ok: true, value: capabilities };
}

export function parseConnections(raw: unknown): Parsed<BrokerConnection[]> {
  const parsed = connectionsSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: describeIssue(parsed.error) };
  return {
    ok: true,
    value: parsed.data.connections.map(({ name, status }) => ({ name, status })),
  };
}

export function parseSelfTest(raw: unknown): Parsed<SelfTest> {
  const parsed = selfTestSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: describeIssue(parsed.error) };
  return {
    ok: true,
    value: {
      transport: parsed.data.transport,
      categories: parsed.data.categories ?? {},
      warnings: parsed.data.warnings ?? [],
    },
  };
}

/** True when the add-on side of a capabilities payload is empty: no add-on is connected. */
export function addonSideEmpty(capabilities: Capabilities): boolean {
  return !capabilities.addonVersion && capabilities.features.length === 0;
}
