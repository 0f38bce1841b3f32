// The network fetch through an HTTP(S) proxy, for the doctor CLI (the desktop app uses Electron's
// net.fetch, which follows the system proxy by itself). HTTPS_PROXY, HTTP_PROXY and NO_PROXY (or
// one --proxy address) are honoured with undici's EnvHttpProxyAgent, and a proxy's refusal is
// reported as such: "the proxy at HOST refused: 407 Proxy Authentication Required".
import { STATUS_CODES } from 'node:http';
import type { FetchLike } from '@modelcontextprotocol/client';
import { EnvHttpProxyAgent, fetch as undiciFetch } from 'undici';
import { VIA_PROXY } from './certificate-issuer';

export type ProxyEnv = Record<string, string | undefined>;

export interface ProxyChoice {
  /** An explicit proxy for every request (`--proxy`); wins over the environment. */
  proxy?: string;
  /** Where HTTPS_PROXY, HTTP_PROXY and NO_PROXY (either case) are read. */
  env: ProxyEnv;
}

/** The error code of a proxy's refusal, read as a network failure by the classifier. */
export const PROXY_REFUSED = 'PROXY_REFUSED';

/** The proxy answered CONNECT with an error, or could not be reached at all. */
export class ProxyRefusedError extends TypeError {
  readonly code = PROXY_REFUSED;

  /** `reason`: the proxy's answer ("407 Proxy Authentication Required"), or how it failed. */
  constructor(
    readonly proxyHost: string,
    readonly reason: string,
    options?: { cause?: unknown; unreachable?: boolean },
  ) {
    super(
      options?.unreachable
        ? `the proxy at ${proxyHost} could not be reached (${reason})`
        : `the proxy at ${proxyHost} refused: ${reason}`,
      options,
    );
    this.name = 'ProxyRefusedError';
  }
}

function envOf(env: ProxyEnv, name: string): string | undefined {
  const value = env[name.toLowerCase()] ?? env[name.toUpperCase()];
  return value && value.trim() !== '' ? value.trim() : undefined;
}

interface Proxies {
  http?: string;
  https?: string;
  noProxy?: string;
}

function proxiesOf(choice: ProxyChoice): Proxies {
  const noProxy = envOf(choice.env, 'no_proxy');
  if (choice.proxy)
    return { http: choice.proxy, https: choice.proxy, ...(noProxy ? { noProxy } : {}) };
  const http = envOf(choice.env, 'http_proxy');
  const https = envOf(choice.env, 'https_proxy') ?? http;
  return {
    ...(http ? { http } : {}),
    ...(https ? { https } : {}),
    ...(noProxy ? { noProxy } : {}),
  };
}

/** `host:port` of a proxy address, without any user name or password it carries. */
export function proxyHost(proxy: string): string {
  try {
    return new URL(proxy).host;
  } catch {
    return 'the configured address';
  }
}

/** A proxy address must be an http:// or https:// URL; the reason it is not, else undefined. */
export function checkProxyUrl(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `"${raw}" is not a URL (expected e.g. http://proxy.example.com:8080)`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `a proxy address must start with http:// or https:// (got ${url.protocol}//)`;
  }
  return undefined;
}

function chain(
  error: unknown,
): Array<Error & { code?: unknown; address?: unknown; port?: unknown; hostname?: unknown }> {
  const out = [];
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current instanceof Error; depth++) {
    out.push(current);
    current = (current as { cause?: unknown }).cause;
  }
  return out;
}

const TUNNEL_REFUSED = /Proxy response \((\d{3})\) !== 200/;
const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ETIMEDOUT',
]);

/** The proxy's part in a failed request, as a ProxyRefusedError; undefined when it had none. */
export function proxyFailure(error: unknown, proxy: string): ProxyRefusedError | undefined {
  const host = proxyHost(proxy);
  let target: URL | undefined;
  try {
    target = new URL(proxy);
  } catch {
    target = undefined;
  }
  for (const link of chain(error)) {
    const refused = TUNNEL_REFUSED.exec(link.message);
    if (refused) {
      const status = Number(refused[1]);
      const text = STATUS_CODES[status];
      return new ProxyRefusedError(host, text ? `${status} ${text}` : String(status), {
        cause: error,
      });
    }
    if (typeof link.code === 'string' && CONNECT_CODES.has(link.code) && target) {
      // Every connection goes to the proxy: a refused one names the proxy's address or name.
      const port = Number(target.port || (target.protocol === 'https:' ? 443 : 80));
      const hostname = target.hostname.replace(/^\[|\]$/g, '');
      const toProxy =
        (link.address === hostname && (link.port === undefined || link.port === port)) ||
        link.hostname === hostname;
      if (toProxy) {
        return new ProxyRefusedError(host, link.code, { cause: error, unreachable: true });
      }
    }
  }
  return undefined;
}

/**
 * A fetch that goes through the proxy the choice names, or undefined when it names none (the
 * caller keeps its plain fetch). NO_PROXY lists hosts reached directly.
 */
export function createProxyFetch(choice: ProxyChoice): FetchLike | undefined {
  const proxies = proxiesOf(choice);
  if (!proxies.http && !proxies.https) return undefined;
  // Empty strings, not undefined: the agent would otherwise read process.env behind our back.
  const dispatcher = new EnvHttpProxyAgent({
    httpProxy: proxies.http ?? '',
    httpsProxy: proxies.https ?? '',
    noProxy: proxies.noProxy ?? '',
  });
  return async (input, init) => {
    try {
      // undici's own fetch takes the dispatcher; its Request/Response types are its own, but at
      // run time they are the web-standard ones the SDK and our wrappers use.
      const response = await undiciFetch(String(input), {
        ...(init as Parameters<typeof undiciFetch>[1]),
        dispatcher,
      });
      return response as unknown as Response;
    } catch (error) {
      const proxy = String(input).startsWith('https:') ? proxies.https : proxies.http;
      const failure = (proxy && proxyFailure(error, proxy)) || error;
      // What the proxy let through is not what a direct connection would meet.
      if (proxy && typeof failure === 'object' && failure !== null) {
        Object.defineProperty(failure, VIA_PROXY, { value: true });
      }
      throw failure;
    }
  };
}
