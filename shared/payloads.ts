// Parsers for the documented tool payloads. Fields may evolve: extra fields are kept, missing
// optional ones tolerated, wrong types rejected (malformed_response). Everything parsed here is
// server text bound for every surface (window, tray, alerts, CLI, reports), so it leaves bounded
// (depth, size), without control characters and redacted.
import { z } from 'zod';
import type { BrokerConnection, Capabilities, CallRecord, SelfTest } from './health';
import { createRedactor } from './redact';
import { clipText, plainValue } from './sanitize';

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

/** No documented payload nests past a handful of levels; deeper ones crash recursive code. */
export const MAX_NESTING = 64;
/** Longest server string kept; longer ones are clipped before redaction (which is not linear). */
const MAX_TEXT = 500;
/** Values kept in one payload's unknown fields, and items in one list. */
const MAX_EXTRA_VALUES = 500;
const MAX_LIST = 100;

/**
 * True when `value` nests objects or arrays more than `max` levels deep. Iterative, so a
 * 100,000-level payload cannot exhaust the stack.
 */
export function nestedDeeperThan(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  // Each object once: shared or cyclic references (never from JSON) cannot multiply the walk.
  const seen = new WeakSet<object>();
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [item, depth] = next;
    if (typeof item !== 'object' || item === null || seen.has(item)) continue;
    seen.add(item);
    if (depth + 1 > max) return true;
    for (const child of Object.values(item)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}

function tooDeep(raw: unknown): { ok: false; reason: string } | undefined {
  return nestedDeeperThan(raw, MAX_NESTING)
    ? { ok: false, reason: `the reply is nested deeper than ${MAX_NESTING} levels` }
    : undefined;
}

/** Server text without control characters, clipped at a word so no half token survives. */
function shortText(text: string): string {
  return clipText(text, MAX_TEXT);
}

/** Server strings as every surface shows them: plain, clipped, redacted. */
function serverTexts(items: readonly string[], redact: (text: string) => string): string[] {
  return items.slice(0, MAX_LIST).map((item) => redact(shortText(item)));
}

/** A zod issue, with the server's own key names made plain. */
function issueText(error: z.ZodError): string {
  return createRedactor()(shortText(describeIssue(error)));
}

/** The tool's payload: structuredContent, else its text content parsed as JSON. */
export function payloadOf(call: CallRecord): Parsed<unknown> {
  // Depth is checked by each parser, on whichever form the payload came in.
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
  const deep = tooDeep(raw);
  if (deep) return deep;
  const parsed = capabilitiesSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: issueText(parsed.error) };
  const data = parsed.data;
  const redact = createRedactor();
  const text = (value: string) => redact(shortText(value));
  const unknownFields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (!KNOWN_CAPABILITY_KEYS.has(key)) unknownFields[key] = value;
  }
  // Key-aware redaction (a `balance` number, an `account` id) over the bounded copy.
  const bounded = plainValue(unknownFields, {
    maxDepth: MAX_NESTING,
    maxText: MAX_TEXT,
    maxValues: MAX_EXTRA_VALUES,
  });
  const extra = redact(bounded) as Record<string, unknown>;
  const warnings = serverTexts(
    [...(data.warnings ?? []), ...(data.warning ? [data.warning] : [])],
    redact,
  );
  const features = serverTexts(data.features ?? [], redact);
  const capabilities: Capabilities = { features, warnings, extra };
  if (data.addon_version) capabilities.addonVersion = text(data.addon_version);
  if (data.nt8_version) capabilities.nt8Version = text(data.nt8_version);
  if (data.backtest_engine) {
    capabilities.backtestEngine = {
      ...(typeof data.backtest_engine.available === 'boolean'
        ? { available: data.backtest_engine.available }
        : {}),
      ...(data.backtest_engine.engine ? { engine: text(data.backtest_engine.engine) } : {}),
    };
  }
  return { ok: true, value: capabilities };
}

export function parseConnections(raw: unknown): Parsed<BrokerConnection[]> {
  const deep = tooDeep(raw);
  if (deep) return deep;
  const parsed = connectionsSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: issueText(parsed.error) };
  const redact = createRedactor();
  return {
    ok: true,
    value: parsed.data.connections.slice(0, MAX_LIST).map(({ name, status }) => ({
      name: redact(shortText(name)),
      status: redact(shortText(status)),
    })),
  };
}

export function parseSelfTest(raw: unknown): Parsed<SelfTest> {
  const deep = tooDeep(raw);
  if (deep) return deep;
  const parsed = selfTestSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: issueText(parsed.error) };
  const redact = createRedactor();
  const categories: Record<string, string> = {};
  for (const [name, state] of Object.entries(parsed.data.categories ?? {}).slice(0, MAX_LIST)) {
    categories[redact(shortText(name))] = redact(shortText(state));
  }
  return {
    ok: true,
    value: {
      transport: redact(shortText(parsed.data.transport)),
      categories,
      warnings: serverTexts(parsed.data.warnings ?? [], redact),
    },
  };
}

/** True when the add-on side of a capabilities payload is empty: no add-on is connected. */
export function addonSideEmpty(capabilities: Capabilities): boolean {
  return !capabilities.addonVersion && capabilities.features.length === 0;
}
