// Whatever a server sends, redaction returns quickly and never hands back a secret hidden in it.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { RedactWorker, summarize } from './redact-worker';

const MAX = 100 * 1024;

/** Character classes the patterns are built from: long runs of one class are what backtracks. */
const CLASSES = [
  'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  'abcdefghijklmnopqrstuvwxyz',
  '0123456789',
  '._%+-',
  ' \t\n',
  '{}[]":,\'',
  'aZ9_-',
  'AZaz09._%+-@$=:#&() \n"',
];

/** Text that opens a pattern; repeated, or followed by a long run, it used to backtrack. */
const OPENERS = [
  'Bearer ',
  '"token": "',
  'token=',
  'code: ',
  'Authorization: ',
  'access_token=',
  'account ',
  'account_id=',
  'eyJ',
  'a@',
  '@x.',
  'balance ',
  'cash',
  'PnL ',
  'p&l',
  'AB-',
  'ISO',
  '$',
];

/** A run of one class: one character repeated, or a random 64-character block repeated. */
function run(maxLength: number): fc.Arbitrary<string> {
  return fc
    .record({
      chars: fc.constantFrom(...CLASSES),
      length: fc.integer({ min: 1, max: maxLength }),
      seed: fc.integer({ min: 1, max: 0x7fffffff }),
      single: fc.boolean(),
    })
    .map(({ chars, length, seed, single }) => {
      let state = seed;
      const next = (): string => {
        state = (state * 48271) % 0x7fffffff;
        return chars[state % chars.length] ?? ' ';
      };
      const block = single ? next() : Array.from({ length: 64 }, next).join('');
      return block.repeat(Math.ceil(length / block.length)).slice(0, length);
    });
}

const piece = fc.oneof(
  { weight: 4, arbitrary: run(400) },
  { weight: 3, arbitrary: fc.constantFrom(...OPENERS) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(...OPENERS), fc.integer({ min: 2, max: 300 }))
      .map(([opener, times]) => opener.repeat(times)),
  },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
);
const parts = fc.array(piece, { maxLength: 12 });

/** Cuts `list` so its text stays under `max` characters. */
function within(list: readonly string[], max: number): string[] {
  const kept: string[] = [];
  let room = max;
  for (const part of list) {
    kept.push(part.slice(0, room));
    room -= kept[kept.length - 1]?.length ?? 0;
    if (room <= 0) break;
  }
  return kept;
}

// Most strings are small so that 10,000 runs stay well under a minute on a busy 2-core machine;
// one in five holds a run of up to 100 KB, the size at which a super-linear pattern takes
// seconds (or never returns), and 2,000 such runs still cover every class and opener.
const base = fc
  .oneof(
    { weight: 4, arbitrary: parts },
    {
      weight: 1,
      arbitrary: fc
        .tuple(parts, run(MAX), parts)
        .map(([before, long, after]) => [...before, long, ...after]),
    },
  )
  .map((list) => within(list, MAX - 300)); // room for the canaries

interface Canary {
  /** What is planted in the text. */
  plant: string;
  /** What must never appear in the output. */
  secret: string;
}

const chars = (alphabet: string, minLength: number, maxLength: number): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...alphabet), minLength, maxLength });
const B64URL = 'ABCXYZabcxyz0189_-';
const ALNUM = 'ABCHKQXZabchkqxz0123789';

const jwt = fc
  .tuple(chars(B64URL, 8, 20), chars(B64URL, 8, 40), chars(B64URL, 0, 40))
  .map(([header, payload, signature]): Canary => {
    const token = `eyJ${header}.${payload}.${signature}`;
    return { plant: token, secret: token };
  });
const accessToken = fc
  .tuple(chars('QXZqxz', 1, 1), chars(ALNUM, 11, 30))
  .map(([first, rest]): Canary => ({
    plant: `access_token=${first}${rest}`,
    secret: first + rest,
  }));
const bearer = chars(`${ALNUM}-._~+/`, 12, 40).map((token): Canary => ({
  plant: `Bearer ${token}`,
  secret: token,
}));
const email = fc
  .tuple(chars('abcxyz019._+', 1, 12), chars('abcxyz019', 1, 10), chars('comrgukxyz', 2, 6))
  .map(([local, domain, tld]): Canary => {
    const address = `${local}@${domain}.${tld}`;
    return { plant: address, secret: address };
  });
const accountId = fc
  .tuple(
    fc.constantFrom('APEX', 'TST-', 'PA-APEX-', 'FTMO', 'TPT'),
    chars('0123456789', 4, 9),
    fc.constantFrom('', '-01', '-07'),
  )
  .map(([prefix, digits, suffix]): Canary => {
    const id = `${prefix}${digits}${suffix}`;
    return { plant: id, secret: id };
  });
const amount = fc
  .tuple(
    fc.constantFrom('balance', 'Balance:', 'cashValue', 'available balance'),
    fc.integer({ min: 1, max: 999 }),
    fc.integer({ min: 0, max: 999 }),
    fc.integer({ min: 0, max: 99 }),
  )
  .map(([word, thousands, units, cents]): Canary => {
    const figure = `${thousands},${String(units).padStart(3, '0')}.${String(cents).padStart(2, '0')}`;
    return { plant: `${word} $${figure}`, secret: figure };
  });
const canary = fc.oneof(jwt, accessToken, bearer, email, accountId, amount);

/**
 * Plants each canary, set off by spaces as in real text: an even spot picks a boundary between
 * two parts (right after an opener such as `token=`, where context matters most), an odd one any
 * character position. The last position goes first, so one canary never lands inside another.
 */
function plant(list: readonly string[], canaries: readonly Canary[], spots: readonly number[]) {
  const text = list.join('');
  const boundaries = [0];
  for (const part of list) boundaries.push((boundaries[boundaries.length - 1] ?? 0) + part.length);
  const placed = canaries
    .map((c, i) => {
      const spot = spots[i] ?? 0;
      const at =
        spot % 2 === 0
          ? (boundaries[(spot / 2) % boundaries.length] ?? 0)
          : spot % (text.length + 1);
      return { c, at };
    })
    .sort((a, b) => b.at - a.at);
  let out = text;
  for (const { c, at } of placed) out = `${out.slice(0, at)} ${c.plant} ${out.slice(at)}`;
  return out;
}

describe('redact on random server text', () => {
  const worker = new RedactWorker();
  afterAll(() => worker.stop());

  it('returns within 100 ms and never returns a planted secret (10,000 cases)', async () => {
    await fc.assert(
      fc.asyncProperty(
        base,
        fc.array(canary, { minLength: 1, maxLength: 3 }),
        fc.array(fc.nat(), { minLength: 3, maxLength: 3 }),
        async (list, canaries, spots) => {
          const text = list.join('');
          fc.pre(canaries.every((c) => !text.includes(c.secret)));
          const input = plant(list, canaries, spots);
          const { output, ms } = await worker.timed(input, 100, 5_000);
          expect(ms, summarize(input)).toBeLessThan(100);
          for (const { secret } of canaries) expect(output).not.toContain(secret);
        },
      ),
      { numRuns: 10_000 },
    );
  }, 300_000);
});
