// Add-on version checks. CrossTrade reports versions like `1.13.0`, `v1.12.4` or `1.13.0-beta.2`.
import semver from 'semver';
import { MIN_ADDON_VERSION } from './crosstrade';

export type AddonVersionVerdict =
  | { kind: 'ok'; version: string }
  | { kind: 'outdated'; version: string }
  | { kind: 'unparseable'; raw: string };

/** `1.13` and `v1.13` are accepted as `1.13.0`; anything else must be semver. */
const SHORT_VERSION = /^v?\d+\.\d+$/;

/**
 * Parses a reported add-on version; never throws. A prerelease counts as its release
 * (`1.13.0-beta.2` ships the MCP features of 1.13.0), so only the release number is compared.
 */
export function checkAddonVersion(raw: unknown): AddonVersionVerdict {
  const text = typeof raw === 'string' ? raw.trim() : '';
  const isVersion = semver.clean(text) !== null || SHORT_VERSION.test(text);
  const release = isVersion ? semver.coerce(text) : null;
  if (!release) return { kind: 'unparseable', raw: String(raw).slice(0, 40) };
  const version = release.version;
  return semver.lt(version, MIN_ADDON_VERSION)
    ? { kind: 'outdated', version }
    : { kind: 'ok', version };
}
