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
  ])('reads %s', (raw, verdict) => {
    expect(checkAddonVersion(raw)).toEqual(verdict);
  });

  it.each([['junk'], [''], ['1'], ['latest'], [42], [null], [undefined], [{ major: 1 }]])(
    'reports %s as unparseable instead of throwing',
    (raw) => {
      expect(checkAddonVersion(raw).kind).toBe('unparseable');
    },
  );
});
