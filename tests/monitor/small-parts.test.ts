// Small parts on their own: the NinjaTrader.exe check, automatic consent's loopback rule, SDK
// error classification, and the doctor's line formats.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import {
  SdkError,
  SdkErrorCode,
  SdkHttpError,
  UnauthorizedError,
} from '@modelcontextprotocol/client';
import { CATALOG } from '../../shared/catalog';
import type { HealthSnapshot } from '../../shared/health';
import { autoConsent, AutoConsentRefusedError } from '../../electron/monitor/auth/auto-consent';
import { failedCall } from '../../electron/monitor/mcp/classify';
import { createStyle, transitionLine, watchLine } from '../../cli/format';
import { createNt8ProcessCheck } from '../../electron/monitor/check/nt8-process';

describe('the NinjaTrader.exe check', () => {
  it('answers only on Windows, from the process list', async () => {
    const withNt8 = async () => [{ name: 'explorer.exe' }, { name: 'NinjaTrader.exe' }];
    const without = async () => [{ name: 'explorer.exe' }];
    expect(await createNt8ProcessCheck({ platform: 'win32', list: withNt8 })()).toBe('running');
    expect(await createNt8ProcessCheck({ platform: 'win32', list: without })()).toBe('not_running');
    expect(await createNt8ProcessCheck({ platform: 'darwin', list: withNt8 })()).toBe('unknown');
    expect(await createNt8ProcessCheck({ platform: 'linux' })()).toBe('unknown');
    const broken = async () => {
      throw new Error('access denied');
    };
    expect(await createNt8ProcessCheck({ platform: 'win32', list: broken })()).toBe('unknown');
  });
});

describe('automatic consent', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  it('refuses an authorization URL off this computer', async () => {
    await expect(
      autoConsent()('https://app.crosstrade.io/v1/oauth/mcp/authorize?x=1'),
    ).rejects.toBeInstanceOf(AutoConsentRefusedError);
  });

  it('refuses to follow a redirect that leaves this computer', async () => {
    server = createServer((_req, res) => {
      res.writeHead(302, { location: 'https://evil.example/callback?code=x' });
      res.end();
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    await expect(autoConsent()(`http://127.0.0.1:${port}/authorize`)).rejects.toBeInstanceOf(
      AutoConsentRefusedError,
    );
  });
});

describe('SDK errors → CallRecord', () => {
  const url = 'https://app.crosstrade.io/v1/api/mcp';

  it('reads the network code behind "fetch failed"', () => {
    const error = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }),
    });
    expect(failedCall('connect', error, 3, [], url)).toMatchObject({
      outcome: 'network_error',
      errorCode: 'ECONNREFUSED',
      errorClass: 'TypeError',
    });
    const dns = new TypeError('fetch failed', {
      cause: Object.assign(new Error('getaddrinfo'), { code: 'EAI_AGAIN' }),
    });
    expect(failedCall('connect', dns, 3, [], url).errorCode).toBe('EAI_AGAIN');
  });

  it("keeps a refused certificate's code and issuer (Node), and Chromium's net:: codes (the app)", () => {
    const altName = new TypeError('fetch failed', {
      cause: Object.assign(new Error("Hostname/IP does not match certificate's altnames"), {
        code: 'ERR_TLS_CERT_ALTNAME_INVALID',
        cert: { issuer: { CN: 'Corp Inspection CA', O: 'Example Corp' } },
      }),
    });
    expect(failedCall('connect', altName, 3, [], url)).toMatchObject({
      outcome: 'network_error',
      errorCode: 'ERR_TLS_CERT_ALTNAME_INVALID',
      issuer: 'Corp Inspection CA',
    });
    const chain = new TypeError('fetch failed', {
      cause: Object.assign(new Error('self-signed certificate in certificate chain'), {
        code: 'SELF_SIGNED_CERT_IN_CHAIN',
      }),
    });
    expect(failedCall('connect', chain, 3, [], url).errorCode).toBe('SELF_SIGNED_CERT_IN_CHAIN');
    for (const code of ['ERR_CERT_AUTHORITY_INVALID', 'ERR_INTERNET_DISCONNECTED']) {
      expect(failedCall('connect', new Error(`net::${code}`), 3, [], url)).toMatchObject({
        outcome: 'network_error',
        errorCode: code,
      });
    }
  });

  it('classifies by HTTP status, with the body, and redacts secrets in messages', () => {
    const http = new SdkHttpError(
      SdkErrorCode.ClientHttpNotImplemented,
      'Error POSTing to endpoint: nope',
      {
        status: 503,
        text: '{"error":"server_error","access_token":"ct_at_abcdefABCDEF0123456789"}',
      },
    );
    const call = failedCall('GetMcpCapabilities', http, 5, [], url);
    expect(call).toMatchObject({ outcome: 'http_error', status: 503 });
    expect(call.body).toContain('server_error');
    expect(JSON.stringify(call)).not.toContain('ct_at_abcdef');
  });

  it('tells timeouts, unauthorized and unexpected content apart', () => {
    expect(
      failedCall('x', new SdkError(SdkErrorCode.RequestTimeout, 'Request timed out'), 1, [], url)
        .outcome,
    ).toBe('timeout');
    expect(failedCall('x', new UnauthorizedError(), 1, [], url).outcome).toBe('unauthorized');
    expect(
      failedCall(
        'x',
        new SdkError(
          SdkErrorCode.ClientHttpUnexpectedContent,
          'Unexpected content type: text/html',
        ),
        1,
        [],
        url,
      ).outcome,
    ).toBe('unexpected_content');
    expect(
      failedCall('x', new SyntaxError('Unexpected end of JSON input'), 1, [], url).outcome,
    ).toBe('invalid_result');
  });
});

describe('doctor --watch lines', () => {
  const snapshot = (ids: Array<'addon_disconnected'>): HealthSnapshot => ({
    level: ids.length ? 'error' : 'ok',
    problems: ids.map((id) => ({
      id,
      level: 'error',
      title: CATALOG[id].title,
      cause: '',
      steps: [],
    })),
    status: 'checked',
    checkedAt: '2025-11-25T12:00:05.000Z',
    serverUrl: 'https://app.crosstrade.io/v1/api/mcp',
    latencyMs: 12,
    token: { state: 'signed_in', refreshTokenPresent: true },
    nt8Process: 'unknown',
  });
  const plain = createStyle(false);

  it('one line per check', () => {
    expect(watchLine(snapshot([]), plain)).toBe('12:00:05  ● OK        12 ms  healthy');
    expect(watchLine(snapshot(['addon_disconnected']), plain)).toBe(
      '12:00:05  ● ERROR     12 ms  addon_disconnected',
    );
  });

  it('a change worth telling stands out', () => {
    const broken = {
      from: 'ok' as const,
      to: 'error' as const,
      previous: snapshot([]),
      snapshot: snapshot(['addon_disconnected']),
      added: ['addon_disconnected' as const],
      removed: [],
      kind: 'broken' as const,
      notifyWorthy: true,
    };
    expect(transitionLine(broken, plain)).toBe('  » BROKEN: addon_disconnected');
    expect(transitionLine(broken, createStyle(true))).toContain(`${String.fromCharCode(27)}[31m`);
    expect(transitionLine({ ...broken, kind: 'fixed', to: 'ok', added: [] }, plain)).toBe(
      '  » FIXED: back to OK',
    );
  });
});
