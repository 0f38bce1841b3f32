import { describe, expect, it } from 'vitest';
import { callbackPageHtml } from '../../electron/monitor/auth/callback-page';

describe('sign-in callback page', () => {
  it('tells the trader they can close the tab after a successful sign-in', () => {
    const html = callbackPageHtml({ ok: true });
    expect(html).toContain('<h1>Signed in to CrossTrade</h1>');
    expect(html).toContain('You can close this tab');
    expect(html).not.toContain('<script');
  });

  it('explains a failure, escaped and redacted', () => {
    const html = callbackPageHtml({
      ok: false,
      error: 'access_denied <img src=x onerror=alert(1)> token=abc123def456ghi789jkl',
    });
    expect(html).toContain('Sign-in did not complete');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('abc123def456ghi789jkl');
  });
});
