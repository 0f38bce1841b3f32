// The fetch wrappers in isolation: single-flight refresh, the local 405 for the GET stream, and
// the recorder (headers the SDK hides, redacted body excerpts).
import { describe, expect, it } from 'vitest';
import type { FetchLike } from '@modelcontextprotocol/client';
import {
  composeFetch,
  createRecorder,
  refuseStandaloneGet,
  singleFlightRefresh,
} from '../../electron/monitor/mcp/fetch-wrappers';
import type { RefreshEvent } from '../../electron/monitor/mcp/fetch-wrappers';

const TOKEN_URL = 'https://app.crosstrade.io/v1/oauth/mcp/token';
const MCP_URL = 'https://app.crosstrade.io/v1/api/mcp';

function refreshInit(refreshToken: string): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: 'c',
    }),
  };
}

/** A token endpoint that rotates: each refresh token works once, slowly. */
function rotatingTokenEndpoint() {
  const spent = new Set<string>();
  let calls = 0;
  const fetchFn: FetchLike = async (_url, init) => {
    calls++;
    const token = new URLSearchParams(String(init?.body)).get('refresh_token') ?? '';
    await new Promise((resolve) => setTimeout(resolve, 20));
    if (spent.has(token)) {
      return Response.json({ error: 'invalid_grant' }, { status: 400 });
    }
    spent.add(token);
    return Response.json({
      access_token: `at-${calls}`,
      refresh_token: `rt-${calls}`,
      token_type: 'Bearer',
    });
  };
  return { fetchFn, calls: () => calls };
}

describe('singleFlightRefresh', () => {
  it('gives concurrent refreshes with the same refresh token one request and one answer', async () => {
    const endpoint = rotatingTokenEndpoint();
    const events: RefreshEvent[] = [];
    const fetchFn = composeFetch(
      endpoint.fetchFn,
      singleFlightRefresh((e) => events.push(e)),
    );
    const answers = await Promise.all([1, 2, 3].map(() => fetchFn(TOKEN_URL, refreshInit('rt-0'))));
    const bodies = await Promise.all(answers.map((r) => r.json()));
    expect(endpoint.calls()).toBe(1);
    expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
    expect(answers.every((r) => r.ok)).toBe(true);
    expect(events).toEqual([{ ok: true, status: 200 }]);
  });

  it('answers a latecomer holding the spent refresh token with the same tokens', async () => {
    const endpoint = rotatingTokenEndpoint();
    const fetchFn = composeFetch(endpoint.fetchFn, singleFlightRefresh());
    const first = await (await fetchFn(TOKEN_URL, refreshInit('rt-0'))).json();
    const late = await fetchFn(TOKEN_URL, refreshInit('rt-0'));
    expect(late.ok).toBe(true);
    expect(await late.json()).toEqual(first);
    expect(endpoint.calls()).toBe(1);
  });

  it.each([
    ['a 503', () => new Response('busy', { status: 503 })],
    ['a redirect', () => new Response(null, { status: 302, headers: { location: '/login' } })],
    [
      'an HTML page',
      () => new Response('<html>login</html>', { headers: { 'content-type': 'text/html' } }),
    ],
  ])('asks again after %s instead of replaying it to the next check', async (_what, answer) => {
    let calls = 0;
    let healthy = false;
    const endpoint: FetchLike = async () => {
      calls++;
      return healthy ? Response.json({ access_token: 'a', token_type: 'Bearer' }) : answer();
    };
    const fetchFn = composeFetch(endpoint, singleFlightRefresh());
    await fetchFn(TOKEN_URL, refreshInit('rt-0'));
    healthy = true; // the server is fixed before the next check
    const next = await fetchFn(TOKEN_URL, refreshInit('rt-0'));
    expect(calls).toBe(2);
    expect(await next.json()).toMatchObject({ access_token: 'a' });
  });

  it('replays a definitive refusal (invalid_grant) to a latecomer with the same token', async () => {
    let calls = 0;
    const endpoint: FetchLike = async () => {
      calls++;
      return Response.json({ error: 'invalid_grant' }, { status: 400 });
    };
    const fetchFn = composeFetch(endpoint, singleFlightRefresh());
    await fetchFn(TOKEN_URL, refreshInit('rt-0'));
    const late = await fetchFn(TOKEN_URL, refreshInit('rt-0'));
    expect(late.status).toBe(400);
    expect(calls).toBe(1);
  });

  it('keeps different refresh tokens and other requests apart', async () => {
    const endpoint = rotatingTokenEndpoint();
    const fetchFn = composeFetch(endpoint.fetchFn, singleFlightRefresh());
    await Promise.all([fetchFn(TOKEN_URL, refreshInit('a')), fetchFn(TOKEN_URL, refreshInit('b'))]);
    const code = {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'authorization_code', code: 'x' }),
    };
    await fetchFn(TOKEN_URL, code);
    await fetchFn(TOKEN_URL, code);
    expect(endpoint.calls()).toBe(4);
  });

  it('reports a failed refresh with its OAuth error, and retries after a network failure', async () => {
    let fail = true;
    const events: RefreshEvent[] = [];
    const base: FetchLike = async () => {
      if (fail) throw new TypeError('fetch failed');
      return Response.json({ error: 'invalid_grant' }, { status: 400 });
    };
    const fetchFn = composeFetch(
      base,
      singleFlightRefresh((e) => events.push(e)),
    );
    await expect(fetchFn(TOKEN_URL, refreshInit('x'))).rejects.toThrow('fetch failed');
    fail = false;
    expect((await fetchFn(TOKEN_URL, refreshInit('x'))).status).toBe(400);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(events).toEqual([
      { ok: false, status: 0 },
      { ok: false, status: 400, error: 'invalid_grant' },
    ]);
  });
});

describe('refuseStandaloneGet', () => {
  it('answers the GET event stream locally with 405 and lets everything else through', async () => {
    const seen: string[] = [];
    const base: FetchLike = async (url, init) => {
      seen.push(`${init?.method ?? 'GET'} ${String(url)}`);
      return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
    };
    const fetchFn = composeFetch(base, refuseStandaloneGet(MCP_URL));
    const stream = await fetchFn(MCP_URL, {
      method: 'GET',
      headers: { accept: 'text/event-stream' },
    });
    expect(stream.status).toBe(405);
    await fetchFn(MCP_URL, {
      method: 'POST',
      headers: { accept: 'application/json, text/event-stream' },
      body: '{}',
    });
    await fetchFn('https://app.crosstrade.io/.well-known/oauth-protected-resource', {
      method: 'GET',
    });
    expect(seen).toEqual([
      `POST ${MCP_URL}`,
      'GET https://app.crosstrade.io/.well-known/oauth-protected-resource',
    ]);
  });
});

describe('createRecorder', () => {
  it('keeps status, the hidden headers and a redacted excerpt of failures', async () => {
    const recorder = createRecorder();
    const base: FetchLike = async () =>
      new Response(
        JSON.stringify({ error: 'invalid_token', access_token: 'ct_at_SECRETSECRETSECRET123' }),
        {
          status: 401,
          headers: {
            'content-type': 'application/json',
            'www-authenticate':
              'Bearer resource_metadata="https://app.crosstrade.io/.well-known/oauth-protected-resource"',
            'retry-after': '5',
            date: 'Tue, 25 Nov 2025 12:00:00 GMT',
          },
        },
      );
    const fetchFn = composeFetch(base, recorder.fetch);
    const res = await fetchFn(`${MCP_URL}?code=abc`, { method: 'POST' });
    expect(await res.json()).toMatchObject({ error: 'invalid_token' }); // the caller's body is intact
    const [record] = recorder.since(0);
    expect(record).toMatchObject({
      method: 'POST',
      url: MCP_URL,
      status: 401,
      headers: {
        retryAfter: '5',
        date: 'Tue, 25 Nov 2025 12:00:00 GMT',
        contentType: 'application/json',
      },
    });
    expect(record?.headers.wwwAuthenticate).toContain('resource_metadata');
    expect(record?.body).toContain('invalid_token');
    expect(record?.body).not.toContain('SECRETSECRET');
  });

  it('never reads the body of a successful MCP answer (it may be a stream still open)', async () => {
    const recorder = createRecorder();
    const stream = new ReadableStream({ start: () => undefined }); // never ends
    const base: FetchLike = async () =>
      new Response(stream, { status: 200, headers: { 'content-type': 'text/event-stream' } });
    const res = await composeFetch(base, recorder.fetch)(MCP_URL, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(recorder.since(0)[0]?.body).toBeUndefined();
    await res.body?.cancel();
  });
});
