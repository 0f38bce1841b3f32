// The small page the browser shows at the loopback OAuth callback once the monitor has the code
// (or has failed). Self-contained: no script, no external resource, inline style only, so it can
// be served with `Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'`.
import { redact } from '../../../shared/redact';

export type CallbackOutcome = { ok: true } | { ok: false; error: string };

/** The CSP to send with the page. */
export const CALLBACK_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'";

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

export function callbackPageHtml(outcome: CallbackOutcome): string {
  const title = outcome.ok ? 'Signed in to CrossTrade' : 'Sign-in did not complete';
  const message = outcome.ok
    ? 'CrossTrade MCP Monitor now has read-only access (mcp:read). You can close this tab and return to the monitor.'
    : `CrossTrade MCP Monitor could not finish signing in: ${escapeHtml(redact(outcome.error))}. Close this tab and choose Sign in again in the monitor.`;
  return page(title, message, outcome.ok ? '#1e9e4a' : '#d93025');
}

/** A callback that does not carry this sign-in's `state`: stale tab, another app, or forged. */
export function strayCallbackHtml(): string {
  return page(
    'This answer is not for this sign-in',
    'CrossTrade MCP Monitor is waiting for a different sign-in and ignored this page. If you are signing in, finish in the tab the monitor opened, or choose Sign in again.',
    '#b06000',
  );
}

function page(title: string, message: string, colour: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} — CrossTrade MCP Monitor</title>
<style>
body{font-family:system-ui,sans-serif;margin:0;min-height:100vh;display:grid;place-items:center;background:#f6f7f9;color:#1b1f24}
main{max-width:32rem;padding:2rem;border-radius:12px;background:#fff;box-shadow:0 1px 4px rgba(0,0,0,.12)}
h1{font-size:1.3rem;margin:0 0 .75rem;color:${colour}}
p{line-height:1.5;margin:0}
@media (prefers-color-scheme:dark){body{background:#15181c;color:#e8eaed}main{background:#22262b}}
</style>
</head>
<body><main><h1>${escapeHtml(title)}</h1><p>${message}</p></main></body>
</html>
`;
}
