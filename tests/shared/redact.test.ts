import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedactor, redact } from '../../shared/redact';
import { RedactWorker } from './redact-worker';

const JWT =
  'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ0cmFkZXItNDIiLCJzY29wZSI6Im1jcDpyZWFkIn0.Qm9ndXNTaWduYXR1cmVGb3JUZXN0aW5nT25seQ';
const OPAQUE_40 = 'ct_at_8fK2mQ9xLp4Rv7Ws1Zb6Nc3Yd5Hj0Tg2Ue8A';

describe('redact', () => {
  it('removes a JWT and a 40-character opaque token from free text', () => {
    const out = redact(`access=${JWT} refresh ${OPAQUE_40} done`);
    expect(out).not.toContain(JWT.slice(0, 30));
    expect(out).not.toContain(OPAQUE_40);
    expect(out).toContain('done');
  });

  it('removes an Authorization header inside a pasted error', () => {
    const pasted =
      'Request failed: 401 Unauthorized\nheaders: {"Authorization": "Bearer sk_live_51HqL8fJ2xYq", "Accept": "application/json"}';
    const out = redact(pasted);
    expect(out).not.toContain('sk_live_51HqL8fJ2xYq');
    expect(out).toContain('401 Unauthorized');
    expect(out).toContain('application/json');
  });

  it('removes the credential behind a repeated scheme word (Authorization: Bearer Bearer …)', () => {
    // Found by the property test: the scheme word was taken for the credential.
    const out = redact('Authorization: Bearer Bearer AAAAAAAAAAAA ok');
    expect(out).not.toContain('AAAAAAAAAAAA');
    expect(out).toContain('ok');
  });

  it('aliases account ids like APEX1234 and given account names consistently', () => {
    const out = redact('Order rejected on APEX1234-07; Sim101 flat; again APEX1234-07', {
      aliases: ['Sim101'],
    });
    expect(out).toBe('Order rejected on Account B; Account A flat; again Account B');
  });

  it('aliases account names inside a ListAccounts payload', () => {
    const payload = {
      accounts: [
        { name: 'PA-APEX-41877-03', connection: 'Rithmic', broker: 'Rithmic' },
        { name: 'Sim101', connection: 'Sim101', broker: 'Sim' },
      ],
    };
    const out = redact(payload);
    expect(JSON.stringify(out)).not.toMatch(/41877|Sim101/);
    expect(out.accounts[0]?.name).toBe('Account A');
    expect(out.accounts[0]?.broker).toBe('Rithmic');
  });

  it('removes emails', () => {
    expect(redact('consent done as jane.trader+ct@example.co.uk today')).toBe(
      'consent done as [email] today',
    );
  });

  it('removes P&L and balances, in objects and in pasted JSON', () => {
    const out = redact({
      account: 'TPT123456',
      realized_pnl: -312.5,
      cashValue: '25,000.00',
      note: 'pasted: {"realized_pnl": -312.5, "unrealized_pnl": 88.25, "netLiquidation": 50123.4}',
      instrument: 'ES 12-26',
      quantity: 2,
    });
    const text = JSON.stringify(out);
    expect(text).not.toMatch(/312\.5|88\.25|50123|25,000|TPT123456/);
    expect(out.instrument).toBe('ES 12-26');
    expect(out.quantity).toBe(2);
  });

  it('removes webhook secrets and REST secret keys by key and in text', () => {
    const out = redact({
      webhook_secret: 'whsec_abc',
      settings: { secretKey: 'shortish' },
      log: 'POST /v1/send secret_key=ZXhhbXBsZQ key: ok',
    });
    const text = JSON.stringify(out);
    expect(text).not.toMatch(/whsec_abc|shortish|ZXhhbXBsZQ/);
  });

  it('keeps what a support ticket needs readable', () => {
    const evidence =
      'GetMcpCapabilities: HTTP 408 — {"error":"addon_disconnected"} at https://app.crosstrade.io/v1/api/mcp, add-on v1.12.4, NT8 8.1.6.3';
    expect(redact(evidence)).toBe(evidence);
  });

  it('never mutates its input', () => {
    const input = { access_token: OPAQUE_40, nested: { list: [JWT] } };
    const copy = structuredClone(input);
    redact(input);
    expect(input).toEqual(copy);
  });

  it('aliases an account number named in free text', () => {
    const out = redact('Order rejected on account 12345678; account #APX-77 flat');
    expect(out).not.toMatch(/12345678|APX-77/);
    expect(out).toBe('Order rejected on account Account A; account #Account B flat');
  });

  it('removes a balance and a P&L written without ":" or "="', () => {
    const out = redact('balance 25000.00 after PnL -312.50 today');
    expect(out).toBe('balance [amount] after PnL [amount] today');
  });

  it('removes a loss written the accounting way, in parentheses', () => {
    const out = redact('pasted: {"unrealizedPnL": "(312.50)", "symbol": "ES"}');
    expect(out).not.toContain('312.50');
    expect(out).toContain('"symbol": "ES"');
  });

  it('aliases prop-firm ids by their shape but not standard names of the same shape', () => {
    expect(redact('TST-55012 token signed RS256, dated ISO8601')).toBe(
      'Account A token signed RS256, dated ISO8601',
    );
  });

  it('aliases a short id inside an accounts list', () => {
    const out = redact({ accounts: [{ id: 'APX-77', broker: 'Rithmic' }] });
    expect(out).toEqual({ accounts: [{ id: 'Account A', broker: 'Rithmic' }] });
  });

  it('removes a Basic Authorization header (the Authorization rule, not the bearer one)', () => {
    expect(redact('Authorization: Basic dXNlcjpwYXNz')).toBe('Authorization: [redacted]');
  });

  it('removes a short unsigned JWT (too short to look opaque, empty signature)', () => {
    expect(redact('id_hint eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0. in the URL')).toBe(
      'id_hint [redacted] in the URL',
    );
  });

  it('keeps one alias per account across calls of one redactor', () => {
    const r = createRedactor();
    expect(r('APEX1234')).toBe('Account A');
    expect(r({ account: 'FTMO98765' })).toEqual({ account: 'Account B' });
    expect(r('APEX1234 again')).toBe('Account A again');
  });

  it('hides a random secret placed anywhere in a random object', () => {
    const secret = fc
      .tuple(
        fc.stringMatching(/^[A-Za-z0-9_-]{24,48}$/),
        fc.constantFrom('0', '7', '9'),
        fc.constantFrom('a', 'Q', 'z'),
      )
      .map(([body, digit, letter]) => `${digit}${body}${letter}`);
    const json = fc.jsonValue({ maxDepth: 3 });
    const placement = fc.constantFrom('value', 'in-text', 'array', 'bearer', 'key');

    fc.assert(
      fc.property(
        json,
        secret,
        placement,
        fc.string(),
        fc.nat(),
        (base, token, where, word, seed) => {
          const holder = insertSecret(base, token, where, word, seed);
          const out = JSON.stringify(redact(holder));
          expect(out).not.toContain(token);
        },
      ),
      { numRuns: 500 },
    );
  });
});

/** Puts `token` somewhere in `base` (deterministically from `seed`), wrapped as `where` says. */
function insertSecret(
  base: unknown,
  token: string,
  where: string,
  word: string,
  seed: number,
): unknown {
  const carrier =
    where === 'in-text'
      ? `${word} ${token} ${word}`
      : where === 'bearer'
        ? `Authorization: Bearer ${token}`
        : where === 'array'
          ? [word, token]
          : token;
  const containers: Array<Record<string, unknown> | unknown[]> = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      containers.push(value);
      value.forEach(walk);
    } else if (value && typeof value === 'object') {
      containers.push(value as Record<string, unknown>);
      Object.values(value).forEach(walk);
    }
  };
  const root: Record<string, unknown> = { data: structuredClone(base) };
  walk(root);
  const target = containers[seed % containers.length] ?? root;
  if (Array.isArray(target)) target.push(carrier);
  else if (where === 'key') target[token] = word;
  else target[`field${seed % 7}`] = carrier;
  return root;
}

describe('redact keeps what is not a secret', () => {
  it.each([
    ['a capabilities engine name', '"engine":"nt8_strategy_analyzer"'],
    [
      'a discovery challenge',
      'WWW-Authenticate: Bearer resource_metadata="https://app.crosstrade.io/.well-known/oauth-protected-resource"',
    ],
    ['the realm variant', 'Bearer realm="https://app.crosstrade.io"'],
    ['a sentence about a missing token', 'Missing bearer token'],
    ['an algorithm name', 'token signed with RS256, not HS512'],
    ['a date standard', 'expires_at must be ISO8601 (see RFC6750, ES2022)'],
    ['prose about an account', 'the account balance is hidden; open account settings'],
    [
      'a JSON-RPC error code',
      '{"jsonrpc":"2.0","error":{"code":-32001,"message":"Session not found"}}',
    ],
  ])('keeps %s readable', (_what, text) => {
    expect(redact(text)).toBe(text);
  });

  it('keeps booleans and numbers under token-like keys', () => {
    const status = { refreshTokenPresent: true, tokenCount: 2, error: { code: -32001 } };
    expect(redact(status)).toEqual(status);
  });

  it('still removes a short bearer token in quotes', () => {
    expect(redact('{"x-auth": "Bearer ct_at_9aZ1bQ2c"}')).not.toContain('ct_at_9aZ1bQ2c');
  });
});

describe('redact stays fast on hostile server text', () => {
  // A 500 body, an OAuth error_description or a client entry name is redacted on the app's main
  // thread: each of these once took seconds to forever (backtracking patterns).
  const worker = new RedactWorker();
  afterAll(() => worker.stop());

  const units: Array<[string, string]> = [
    ['capitals', 'X'],
    ['e-mail characters', 'aZ9._%+-'],
    ['lowercase letters', 'a'],
    ['digits', '7'],
    ['dashes', '-'],
    ['"a@"', 'a@'],
    ['"Bearer "', 'Bearer '],
    ['JSON token openings', '"token": "'],
    ['"account "', 'account '],
    ['"eyJ-" (JWT openings)', 'eyJ-'],
    ['"cash" (a money word)', 'cash'],
    ['"AB-" (account id openings)', 'AB-'],
    ['"AB-1234" (account ids)', 'AB-1234'],
  ];
  // 100 KB goes past the clip; 60 KB is all matched, so it proves the patterns themselves.
  const cases = units.flatMap(([what, unit]) =>
    [100, 60].map((kb) => [`${kb} KB of ${what}`, unit, kb * 1024] as const),
  );

  it.each(cases)(
    'redacts %s in well under 100 ms',
    async (_what, unit, size) => {
      const input = `Upstream said ${unit.repeat(Math.ceil(size / unit.length)).slice(0, size)}`;
      const { ms } = await worker.timed(input, 100, 10_000);
      expect(ms).toBeLessThan(100);
    },
    30_000,
  );
});

describe('redact stays fast on a long account list', () => {
  const worker = new RedactWorker();
  afterAll(() => worker.stop());

  it('aliases 20,000 entries that each name another account in well under 5 s', async () => {
    // Every account learned is looked for in every later string: once seconds to minutes here.
    const list = Array.from({ length: 20_000 }, (_, i) => ({
      note: `order on AB${100_000 + i} filled`,
      account: `Sim${i}`,
    }));
    const { output, ms } = await worker.timed(list, 5_000, 30_000);
    expect(ms).toBeLessThan(5_000);
    const text = JSON.stringify(output);
    expect(text).not.toMatch(/AB1\d{5}|Sim\d/);
    expect(output[19_999]).toEqual({
      note: 'order on Account BGDK filled',
      account: 'Account BGDL',
    });
  }, 60_000);
});

describe('redact clips huge strings', () => {
  const LIMIT = 64 * 1024;
  const MARKER = /…\[(\d+) more characters\]$/;

  it('keeps the first 64 KB and says how many characters were left out', () => {
    const input = 'status=500 '.repeat(20_000) + 'END-OF-BODY';
    const out = redact(input);
    const marker = MARKER.exec(out);
    expect(marker).not.toBeNull();
    const kept = out.slice(0, marker?.index);
    expect(input.startsWith(kept)).toBe(true);
    expect(kept.length).toBeGreaterThan(LIMIT - 20);
    expect(kept.length).toBeLessThanOrEqual(LIMIT);
    expect(Number(marker?.[1])).toBe(input.length - kept.length);
    expect(out).not.toContain('END-OF-BODY');
  });

  it('leaves a string of exactly 64 KB whole', () => {
    const input = 'ok '.repeat(LIMIT / 4) + 'x'.repeat(LIMIT / 4);
    expect(input).toHaveLength(LIMIT);
    expect(redact(input)).toBe(input);
  });

  const straddlers: Array<[string, string, string]> = [
    ['a JWT', ' ', JWT],
    ['a bearer token', ' Authorization: Bearer ', 'Zq_at_9aZ1bQ2cWq'],
    ['a short bearer token', ' bearer ', 'Zq_at_9aZ1bQ2c'],
    ['an access_token value', ' access_token=', 'x8Zq3Lm2Vb7Nc1'],
    ['an e-mail address', ' mailto ', 'jane.trader+ct@example.co.uk'],
    ['a balance', ' balance ', '$12,345.67'],
    ['a loss in parentheses', ' PnL ', '(12,345.67)'],
    ['an account id', ' on ', 'PA-APEX-41877-03'],
    ['an account number', ' account ', '41877031'],
  ];

  it.each(straddlers)('never outputs part of %s cut by the clip', (_what, before, secret) => {
    for (let cut = 2; cut < secret.length; cut += 1) {
      // Filler with no letters or digits, and secrets whose opening characters appear in no
      // replacement label, so any piece of the secret in the output is a leak.
      const filler = '. '.repeat(LIMIT).slice(0, LIMIT - before.length - cut);
      const input = `${filler}${before}${secret} and more text after it`;
      const out = redact(input);
      expect(out).toMatch(MARKER);
      expect(out.replace(MARKER, ''), `cut after ${cut} characters`).not.toContain(
        secret.slice(0, cut),
      );
    }
  });

  it('never outputs part of a known account name cut by the clip', () => {
    const name = 'Sim 101 Live';
    for (let cut = 2; cut < name.length; cut += 1) {
      const filler = '. '.repeat(LIMIT).slice(0, LIMIT - 1 - cut);
      const out = redact(`${filler} ${name} traded`, { aliases: [name] });
      expect(out.replace(MARKER, ''), `cut after ${cut} characters`).not.toContain(
        name.slice(0, cut),
      );
    }
  });

  it('aliases an account name that ends before the clip', () => {
    const filler = '. '.repeat(LIMIT).slice(0, LIMIT - 'Sim101 '.length);
    const out = redact(`${filler}Sim101 traded on and on`, { aliases: ['Sim101'] });
    expect(out).toContain('Account A …[');
    expect(out).not.toContain('Sim101');
  });
});
