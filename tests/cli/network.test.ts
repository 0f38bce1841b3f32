// doctor on the networks traders have: a CONNECT proxy from HTTPS_PROXY / HTTP_PROXY or --proxy,
// a proxy that wants a sign-in (407), an HTTPS server whose certificate this computer does not
// trust (as behind antivirus HTTPS scanning), and a computer with no network. All real servers
// on 127.0.0.1; the certificates are made here with openssl, for this test only.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect, createServer as createTcpServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDoctor } from '../../cli/doctor';
import type { DoctorDeps, DoctorIO } from '../../cli/doctor';
import { startSimulator, type Simulator } from '../../simulator/index';

interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

const baseDeps: DoctorDeps = { nt8ProcessCheck: async () => 'unknown', isOnline: () => true };

async function doctor(
  args: string[],
  env: Record<string, string> = {},
  deps: DoctorDeps = {},
): Promise<Captured> {
  const out: string[] = [];
  const err: string[] = [];
  const io: DoctorIO = {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    isTTY: false,
    env,
  };
  const code = await runDoctor(args, io, { ...baseDeps, ...deps });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

interface Problem {
  id: string;
  cause: string;
}

function problemsOf(run: Captured): Problem[] {
  return (JSON.parse(run.stdout) as { problems: Problem[] }).problems;
}

/** A forward proxy: tunnels CONNECT to the named host, or answers every CONNECT with `refuse`. */
async function startProxy(refuse?: string) {
  const connects: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createHttpServer((_req, res) => {
    res.writeHead(405);
    res.end();
  });
  server.on('connect', (req, client: Socket, head: Buffer) => {
    connects.push(req.url ?? '');
    sockets.add(client);
    client.on('error', () => client.destroy());
    if (refuse) {
      client.end(`HTTP/1.1 ${refuse}\r\nProxy-Authenticate: Basic realm="corp"\r\n\r\n`);
      return;
    }
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    connects,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A port on this computer where nothing listens. */
async function deadPort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const CA_NAME = 'Example Antivirus Web Shield Root';
let certDir: string;
let sim: Simulator;
let stateDir: string;
const closers: Array<() => Promise<unknown>> = [];

/** An HTTPS server with `key`/`cert` (PEM files in certDir); answers 200 to anything. */
async function startHttps(key: string, cert: string): Promise<string> {
  const server = createHttpsServer(
    { key: readFileSync(join(certDir, key)), cert: readFileSync(join(certDir, cert)) },
    (_req, res) => res.end('{}'),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return `https://127.0.0.1:${(server.address() as { port: number }).port}/v1/api/mcp`;
}

function openssl(...args: string[]): void {
  execFileSync('openssl', args, { cwd: certDir, stdio: 'ignore' });
}

beforeAll(async () => {
  // Test-only keys, made fresh for each run and deleted after it.
  certDir = mkdtempSync(join(tmpdir(), 'doctor-tls-'));
  writeFileSync(join(certDir, 'leaf.ext'), 'subjectAltName=IP:127.0.0.1\n');
  // A self-signed server certificate (DEPTH_ZERO_SELF_SIGNED_CERT).
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'self.key',
    '-out',
    'self.pem',
    '-days',
    '2',
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1',
  );
  // A root of the antivirus' own and a certificate it re-signed (SELF_SIGNED_CERT_IN_CHAIN).
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '2',
    '-subj',
    `/CN=${CA_NAME}/O=Example Antivirus`,
  );
  openssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'leaf.key',
    '-out',
    'leaf.csr',
    '-subj',
    '/CN=127.0.0.1',
  );
  openssl(
    'x509',
    '-req',
    '-in',
    'leaf.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'leaf.pem',
    '-days',
    '2',
    '-extfile',
    'leaf.ext',
  );
  writeFileSync(
    join(certDir, 'chain.pem'),
    readFileSync(join(certDir, 'leaf.pem'), 'utf8') + readFileSync(join(certDir, 'ca.pem'), 'utf8'),
  );
  sim = await startSimulator();
  stateDir = mkdtempSync(join(tmpdir(), 'doctor-net-'));
});

afterAll(async () => {
  for (const close of closers) await close();
  await sim.close();
  rmSync(certDir, { recursive: true, force: true });
  rmSync(stateDir, { recursive: true, force: true });
});

describe('doctor behind a proxy', () => {
  it('goes through the CONNECT proxy HTTP_PROXY names, signs in and checks green', async () => {
    const proxy = await startProxy();
    closers.push(proxy.close);
    const run = await doctor(
      ['--url', sim.url, '--auto-consent', '--json', '--state-dir', join(stateDir, 'env')],
      { HTTP_PROXY: proxy.url },
    );
    expect(run.code).toBe(0);
    expect(problemsOf(run)).toEqual([]);
    expect(proxy.connects).toContain(new URL(sim.url).host);
  });

  it('uses HTTPS_PROXY for an https address', async () => {
    const proxy = await startProxy();
    closers.push(proxy.close);
    const url = await startHttps('self.key', 'self.pem');
    const run = await doctor(['--url', url, '--json', '--state-dir', join(stateDir, 'https')], {
      HTTPS_PROXY: proxy.url,
    });
    expect(proxy.connects).toEqual([new URL(url).host]);
    // Through the tunnel, the server's certificate is what this computer refuses.
    expect(problemsOf(run).map((p) => p.id)).toEqual(['tls_untrusted']);
  });

  it('leaves hosts in NO_PROXY alone', async () => {
    const proxy = await startProxy();
    closers.push(proxy.close);
    const run = await doctor(
      ['--url', sim.url, '--auto-consent', '--json', '--state-dir', join(stateDir, 'noproxy')],
      { HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' },
    );
    expect(run.code).toBe(0);
    expect(proxy.connects).toEqual([]);
  });

  it('--proxy wins over the environment', async () => {
    const proxy = await startProxy();
    closers.push(proxy.close);
    const run = await doctor(
      [
        '--url',
        sim.url,
        '--auto-consent',
        '--json',
        '--proxy',
        proxy.url,
        '--state-dir',
        join(stateDir, 'flag'),
      ],
      { HTTP_PROXY: `http://127.0.0.1:${await deadPort()}` },
    );
    expect(run.code).toBe(0);
    expect(proxy.connects).toContain(new URL(sim.url).host);
  });

  it('a proxy answering 407 is named with its answer, not "no internet"', async () => {
    const proxy = await startProxy('407 Proxy Authentication Required');
    closers.push(proxy.close);
    const run = await doctor(['--url', sim.url, '--state-dir', join(stateDir, '407')], {
      HTTP_PROXY: proxy.url,
    });
    expect(run.code).toBe(2);
    expect(run.stdout).toContain(
      `the proxy at ${proxy.host} refused: 407 Proxy Authentication Required`,
    );
    expect(proxy.connects).toEqual([new URL(sim.url).host]);
  });

  it('a proxy that is not there is named too', async () => {
    const port = await deadPort();
    const run = await doctor([
      '--url',
      sim.url,
      '--json',
      '--proxy',
      `http://127.0.0.1:${port}`,
      '--state-dir',
      join(stateDir, 'gone'),
    ]);
    expect(problemsOf(run)).toEqual([
      expect.objectContaining({
        id: 'network_unreachable',
        cause: expect.stringContaining(
          `the proxy at 127.0.0.1:${port} could not be reached (ECONNREFUSED)`,
        ),
      }),
    ]);
  });

  it('refuses a --proxy that is not an http(s) URL, saying what to give', async () => {
    const run = await doctor(['--proxy', 'socks5://127.0.0.1:1080']);
    expect(run.code).toBe(64);
    expect(run.stderr).toContain(
      'Bad --proxy: a proxy address must start with http:// or https://',
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('doctor and certificates this computer does not trust', () => {
  it('a self-signed certificate is tls_untrusted naming the certificate error', async () => {
    const url = await startHttps('self.key', 'self.pem');
    const run = await doctor(['--url', url, '--json', '--state-dir', join(stateDir, 'self')]);
    expect(run.code).toBe(2);
    const [problem, ...rest] = problemsOf(run);
    expect(rest).toEqual([]);
    expect(problem?.id).toBe('tls_untrusted');
    expect(problem?.cause).toContain('DEPTH_ZERO_SELF_SIGNED_CERT');
  });

  it('a certificate re-signed by an untrusted root (antivirus HTTPS scanning) names the code and its issuer', async () => {
    const url = await startHttps('leaf.key', 'chain.pem');
    const run = await doctor(['--url', url, '--state-dir', join(stateDir, 'chain')]);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('[tls_untrusted]');
    expect(run.stdout).toContain('SELF_SIGNED_CERT_IN_CHAIN');
    expect(run.stdout).toContain(CA_NAME);
    expect(run.stdout).toMatch(/antivirus/i);
    expect(run.stdout).not.toMatch(
      /ignore certificate|rejectUnauthorized|NODE_TLS_REJECT_UNAUTHORIZED/i,
    );
  });
});

describe('doctor on a computer with no network', () => {
  it('is offline, grey (exit 3), when no interface has an address and nothing answers', async () => {
    const url = `http://127.0.0.1:${await deadPort()}/v1/api/mcp`;
    const run = await doctor(
      ['--url', url, '--json', '--state-dir', join(stateDir, 'off')],
      {},
      {
        isOnline: () => false,
      },
    );
    expect(run.code).toBe(3);
    expect(problemsOf(run).map((p) => p.id)).toEqual(['offline']);
  });

  it('online, CrossTrade alone failing stays network_unreachable (exit 2)', async () => {
    const url = `http://127.0.0.1:${await deadPort()}/v1/api/mcp`;
    const run = await doctor(['--url', url, '--json', '--state-dir', join(stateDir, 'on')]);
    expect(run.code).toBe(2);
    expect(problemsOf(run).map((p) => p.id)).toEqual(['network_unreachable']);
  });
});
