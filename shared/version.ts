// Add-on version checks. CrossTrade reports versions like `1.13.0`, `v1.12.4` or `1.13.0-beta.2`,
// and the add-on, a .NET assembly, may report four parts (`1.13.0.2`) as NinjaTrader does.
import semver from 'semver';
import { MIN_ADDON_VERSION } from './crosstrade';

export type AddonVersionVerdict =
  | { kind: 'ok'; version: string }
  | { kind: 'outdated'; version: string }
  | { kind: 'unparseable'; raw: string };

/** `1.13` and `v1.13` are accepted as `1.13.0`; anything else must be semver. */
const SHORT_VERSION = /^v?\d+\.\d+$/;

/**
 * A semver release (or `1.13`) whose numbers the semver package refuses for being past
 * Number.MAX_SAFE_INTEGER, which the semver spec allows. Up to 30 digits: longer is no version.
 */
const BIG_NUMBER = '(0|[1-9]\\d{0,29})';
const BIG_VERSION = new RegExp(
  `^v?${BIG_NUMBER}\\.${BIG_NUMBER}(?:\\.${BIG_NUMBER}(?:-[0-9A-Za-z.-]+)?(?:\\+[0-9A-Za-z.-]+)?)?$`,
);

/**
 * A .NET `major.minor.build.revision`: the fourth number never changes what the add-on supports,
 * so only the first three are compared. Group 5 is the fourth number, group 6 the tags.
 */
const FOUR_PART = new RegExp(
  `^(v?)${BIG_NUMBER}\\.${BIG_NUMBER}\\.${BIG_NUMBER}\\.${BIG_NUMBER}((?:-[0-9A-Za-z.-]+)?(?:\\+[0-9A-Za-z.-]+)?)$`,
);

/** The release numbers of a version semver cannot hold, compared exactly as BigInts. */
function bigRelease(text: string): bigint[] | undefined {
  const match = BIG_VERSION.exec(text);
  if (!match) return undefined;
  return [match[1], match[2], match[3] ?? '0'].map((part) => BigInt(part ?? '0'));
}

function isOlder(release: readonly bigint[], than: readonly bigint[]): boolean {
  for (let i = 0; i < than.length; i++) {
    const a = release[i] ?? 0n;
    const b = than[i] ?? 0n;
    if (a !== b) return a < b;
  }
  return false;
}

/**
 * Parses a reported add-on version; never throws. A prerelease counts as its release
 * (`1.13.0-beta.2` ships the MCP features of 1.13.0), so only the release number is compared.
 */
export function checkAddonVersion(raw: unknown): AddonVersionVerdict {
  const trimmed = typeof raw === 'string' ? raw.trim() : '';
  const four = FOUR_PART.exec(trimmed);
  if (!four) return checkThreePart(trimmed, raw);
  const verdict = checkThreePart(`${four[1]}${four[2]}.${four[3]}.${four[4]}${four[6]}`, raw);
  // Shown as the add-on panel shows it: all four numbers.
  return verdict.kind === 'unparseable'
    ? verdict
    : { ...verdict, version: `${verdict.version}.${four[5]}` };
}

function checkThreePart(text: string, raw: unknown): AddonVersionVerdict {
  // Huge but valid (`999999999999999999.0.0`): semver refuses it (or coerces it to 0.0.0), yet
  // it is newer, not broken.
  const big = bigRelease(text);
  const minimum = bigRelease(MIN_ADDON_VERSION);
  if (big && minimum && big.some((part) => part > BigInt(Number.MAX_SAFE_INTEGER))) {
    const version = big.join('.');
    return isOlder(big, minimum) ? { kind: 'outdated', version } : { kind: 'ok', version };
  }
  const isVersion = semver.clean(text) !== null || SHORT_VERSION.test(text);
  const release = isVersion ? semver.coerce(text) : null;
  if (!release) return { kind: 'unparseable', raw: String(raw).slice(0, 40) };
  const version = release.version;
  return semver.lt(version, MIN_ADDON_VERSION)
    ? { kind: 'outdated', version }
    : { kind: 'ok', version };
}
