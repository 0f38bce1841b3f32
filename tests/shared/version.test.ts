import fc from 'fast-check';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { MIN_ADDON_VERSION } from '../../shared/crosstrade';
import { checkAddonVersion } from '../../shared/version';

describe('checkAddonVersion', () => {
  it.each([
    ['1.13.0', { kind: 'ok', version: '1.13.0' }],
    ['v1.14.2', { kind: 'ok', version: '1.14.2' }],
    ['1.13', { kind: 'ok', version: '1.13.0' }],
    ['1.13.0-beta.2', { kind: 'ok', version: '1.13.0' }],
    ['v1.12.4', { kind: 'outdated', version: '1.12.4' }],
    ['1.9.10', { kind: 'outdated', version: '1.9.10' }],
    [' 1.12.0 ', { kind: 'outdated', version: '1.12.0' }],
    // Past Number.MAX_SAFE_INTEGER semver gives up; such a version is still newer, not outdated.
    ['999999999999999999.0.0', { kind: 'ok', version: '999999999999999999.0.0' }],
    ['v1.99999999999999999999.0', { kind: 'ok', version: '1.99999999999999999999.0' }],
    ['999999999999999999.0', { kind: 'ok', version: '999999999999999999.0.0' }],
    ['1.12.99999999999999999999', { kind: 'outdated', version: '1.12.99999999999999999999' }],
    ['0.99999999999999999999.0-rc.1', { kind: 'outdated', version: '0.99999999999999999999.0' }],
    // .NET assemblies (the add-on, NinjaTrader itself) report four numbers.
    ['1.13.0.0', { kind: 'ok', version: '1.13.0.0' }],
    ['1.13.0.2', { kind: 'ok', version: '1.13.0.2' }],
    ['1.12.9.3', { kind: 'outdated', version: '1.12.9.3' }],
    ['v1.14.1.7', { kind: 'ok', version: '1.14.1.7' }],
    ['  v1.13.0.0\n', { kind: 'ok', version: '1.13.0.0' }],
    ['1.13.0.4-beta.1', { kind: 'ok', version: '1.13.0.4' }],
    ['1.12.4.0-rc.2+build.9', { kind: 'outdated', version: '1.12.4.0' }],
    ['999999999999999999.0.0.1', { kind: 'ok', version: '999999999999999999.0.0.1' }],
  ])('reads %s', (raw, verdict) => {
    expect(checkAddonVersion(raw)).toEqual(verdict);
  });

  it.each([
    ['junk'],
    [''],
    ['1'],
    ['latest'],
    [42],
    [null],
    [undefined],
    [{ major: 1 }],
    ['01.13.0'],
    [`1.${'9'.repeat(500)}.0`],
    ['1.13.0.0.0'],
    ['1.13.0.'],
    ['1.13.0.x'],
  ])('reports %s as unparseable instead of throwing', (raw) => {
    expect(checkAddonVersion(raw).kind).toBe('unparseable');
  });
});

describe('checkAddonVersion on four-part versions', () => {
  it('judges major.minor.build.revision by semver on its first three numbers', () => {
    const part = fc.nat({ max: 2_000_000 });
    fc.assert(
      fc.property(part, part, part, part, fc.boolean(), (a, b, c, d, prefixed) => {
        const verdict = checkAddonVersion(`${prefixed ? 'v' : ''}${a}.${b}.${c}.${d}`);
        const expected = semver.lt(`${a}.${b}.${c}`, MIN_ADDON_VERSION) ? 'outdated' : 'ok';
        expect(verdict).toEqual({ kind: expected, version: `${a}.${b}.${c}.${d}` });
      }),
      { numRuns: 500 },
    );
  });

  it('keeps the first three numbers close to the minimum in play', () => {
    const near = fc.integer({ min: 0, max: 14 });
    fc.assert(
      fc.property(near, near, near, fc.nat(), (a, b, c, d) => {
        const expected = semver.lt(`${a}.${b}.${c}`, MIN_ADDON_VERSION) ? 'outdated' : 'ok';
        expect(checkAddonVersion(`${a}.${b}.${c}.${d}`).kind).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });
});
