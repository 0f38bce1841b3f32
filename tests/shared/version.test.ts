import { describe, expect, it } from 'vitest';
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
  ])('reports %s as unparseable instead of throwing', (raw) => {
    expect(checkAddonVersion(raw).kind).toBe('unparseable');
  });
});
