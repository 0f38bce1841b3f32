import { describe, expect, it } from 'vitest';
import {
  ADDON_DOWNLOAD_URL,
  AI_CLIENTS_URL,
  DOCS_URL,
  SUBSCRIPTIONS_URL,
  TROUBLESHOOTING_URL,
} from '../../../shared/crosstrade';
import { EXTERNAL_LINKS } from '../../../shared/ipc';
import {
  externalLinkUrl,
  isAllowedExternalUrl,
  isOpenableSignInUrl,
} from '../../../electron/policy/external-links';

describe('external link allow-list', () => {
  it('maps each link kind to its CrossTrade https page', () => {
    expect(externalLinkUrl('ai_clients')).toBe(AI_CLIENTS_URL);
    expect(externalLinkUrl('subscriptions')).toBe(SUBSCRIPTIONS_URL);
    expect(externalLinkUrl('docs')).toBe(DOCS_URL);
    expect(externalLinkUrl('troubleshooting')).toBe(TROUBLESHOOTING_URL);
    expect(externalLinkUrl('addon_download')).toBe(ADDON_DOWNLOAD_URL);
    for (const link of EXTERNAL_LINKS) expect(externalLinkUrl(link)).toMatch(/^https:\/\//);
  });

  it('refuses URLs, unknown kinds and inherited property names', () => {
    for (const bad of [
      'https://evil.example/phish',
      AI_CLIENTS_URL,
      'javascript:alert(1)',
      'file:///etc/passwd',
      'toString',
      '__proto__',
      'constructor',
      '',
      undefined,
      null,
      42,
      { link: 'docs' },
    ]) {
      expect(externalLinkUrl(bad)).toBeUndefined();
    }
  });

  it('allows only the exact https pages', () => {
    expect(isAllowedExternalUrl(SUBSCRIPTIONS_URL)).toBe(true);
    expect(isAllowedExternalUrl(SUBSCRIPTIONS_URL.replace('https:', 'http:'))).toBe(false);
    expect(isAllowedExternalUrl(`${SUBSCRIPTIONS_URL}/../admin`)).toBe(false);
    expect(isAllowedExternalUrl('https://user:pw@app.crosstrade.io/user/subscriptions')).toBe(
      false,
    );
    expect(isAllowedExternalUrl('https://app.crosstrade.io.evil.example/user/subscriptions')).toBe(
      false,
    );
  });

  it('opens sign-in pages only over https, or http on loopback (the simulator)', () => {
    expect(isOpenableSignInUrl('https://app.crosstrade.io/v1/oauth/mcp/authorize?x=1')).toBe(true);
    expect(isOpenableSignInUrl('http://127.0.0.1:4000/authorize')).toBe(true);
    expect(isOpenableSignInUrl('http://app.crosstrade.io/authorize')).toBe(false);
    expect(isOpenableSignInUrl('file:///tmp/x.html')).toBe(false);
    expect(isOpenableSignInUrl('javascript:alert(1)')).toBe(false);
    expect(isOpenableSignInUrl('ms-settings:privacy')).toBe(false);
    expect(isOpenableSignInUrl('https://a:b@app.crosstrade.io/')).toBe(false);
    expect(isOpenableSignInUrl('not a url')).toBe(false);
  });
});
