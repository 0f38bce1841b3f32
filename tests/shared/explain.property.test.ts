// Whatever is pasted, explain answers (never throws) and never hands back a secret pasted with it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explainWithLive } from '../../shared/explain';
import type { HealthSnapshot } from '../../shared/health';
import { explainHuman, explainJson } from '../../cli/explain';
import { createStyle } from '../../cli/format';

/** Pieces real errors are made of, so the generated text reaches the rules. */
const FRAGMENTS = [
  'HTTP 401',
  'HTTP/1.1 403 Forbidden',
  '408',
  'invalid_token',
  'insufficient_scope',
  'addon_disconnected',
  'Error executing tool PlaceOrder: ',
  'tool Cancel',
  '{"jsonrpc":"2.0","id":1,"error":{"code":-32001,"message":"Request timed out"}}',
  '\u001b[31m',
  '\u001b]0;title\u0007',
  '<!DOCTYPE html><html>',
  '    at Client.request (file:///x/protocol.js:401:19)\n',
  'add-on v1.12.4',
  'mcp.crosstrade.io',
  'Authorization: Bearer ',
  '"refresh_token":"',
  'account ',
  '\u202e',
  '\n',
];

/** Secrets a trader might paste by accident: none may come back out. */
const CANARIES = [
  'ct_at_CANARYa1b2c3d4e5f6g7h8',
  'ct_rt_CANARYz9y8x7w6v5u4t3s2',
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJDQU5BUlkifQ.c2lnbmF0dXJlQ0FOQVJZ',
  'dana.trader@example.com',
  'APEX4471-03',
  '87654321',
  'CANARYsk77aa88bb99',
  '$52,310.22',
];

const text = fc
  .array(
    fc.oneof(
      fc.constantFrom(...FRAGMENTS),
      fc.string({ maxLength: 40 }),
      fc.string({ unit: 'grapheme', maxLength: 20 }),
    ),
    {
      maxLength: 30,
    },
  )
  .map((parts) => parts.join(''));

const LIVE: HealthSnapshot = {
  level: 'ok',
  status: 'checked',
  checkedAt: '2026-12-03T10:00:00.000Z',
  serverUrl: 'https://app.crosstrade.io/v1/api/mcp',
  token: { state: 'signed_in', scope: 'mcp:read', refreshTokenPresent: true },
  nt8Process: 'unknown',
  problems: [],
};

describe('explain, for any paste', () => {
  it('never throws, and no canary pasted in any position appears in any output', () => {
    const style = createStyle(false);
    fc.assert(
      fc.property(
        text,
        fc.constantFrom(...CANARIES),
        fc.nat(),
        fc.boolean(),
        (base, canary, at, withLive) => {
          const cut = base.length === 0 ? 0 : at % (base.length + 1);
          const pasted = `${base.slice(0, cut)}${canary}${base.slice(cut)}`;
          const result = explainWithLive(pasted, withLive ? LIVE : null);
          const out = [
            JSON.stringify(result.explanation),
            JSON.stringify(result.steps),
            JSON.stringify(result.verdict),
            JSON.stringify(explainJson(result)),
            explainHuman(result, style),
          ].join('\n');
          expect(out).not.toContain(canary);
          expect(['ok', 'warning', 'error', 'unknown']).toContain(result.level);
          expect(result.steps.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('answers a huge or hostile paste without throwing', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...FRAGMENTS),
        fc.integer({ min: 1_000, max: 40_000 }),
        (piece, times) => {
          const result = explainWithLive(piece.repeat(times), null);
          expect(Array.isArray(result.explanation.matches)).toBe(true);
        },
      ),
      { numRuns: 20 },
    );
  });
});
