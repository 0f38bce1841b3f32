import { request } from 'node:http';
import { networkInterfaces } from 'node:os';
import { describe, expect, it } from 'vitest';
import { startSimulator } from '../../simulator/index.js';
import { isLoopbackAddress, isLoopbackHost } from '../../simulator/http.js';

describe('control-route guards', () => {
  it('accept loopback peers only', () => {
    for (const peer of ['127.0.0.1', '127.8.9.1', '::1', '::ffff:127.0.0.1']) {
      expect(isLoopbackAddress(peer)).toBe(true);
    }
    for (const peer of ['10.0.0.5', '192.168.1.20', '::ffff:10.0.0.5', 'fe80::1', '', undefined]) {
      expect(isLoopbackAddress(peer)).toBe(false);
    }
  });

  it('accept loopback Host headers only', () => {
    for (const host of ['127.0.0.1:8080', 'localhost:3000', 'localhost', '[::1]:9000']) {
      expect(isLoopbackHost(host)).toBe(true);
    }
    for (const host of ['evil.example', 'evil.example:80', '127.0.0.1.evil.example', undefined]) {
      expect(isLoopbackHost(host)).toBe(false);
    }
  });
});

/** This machine's first non-loopback IPv4 address, if it has one. */
function externalIPv4(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((a) => a?.family === 'IPv4' && !a.internal)?.address;
}

/** GET `path` on `address:port`, sending a loopback `Host` so only the peer address differs. */
function getStatus(address: string, port: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: address, port, path, headers: { host: `127.0.0.1:${port}` } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('control routes over real HTTP', () => {
  it('refuse a peer on a non-loopback address with 403', async (ctx) => {
    const address = externalIPv4();
    if (!address) {
      ctx.skip('this machine has no non-loopback IPv4 address to connect from');
      return;
    }
    // Bound to every interface, so the request below arrives from `address`, not 127.0.0.1.
    const sim = await startSimulator({ host: '0.0.0.0' });
    try {
      const port = new URL(sim.origin).port;
      expect(await getStatus(address, port, '/__sim/state')).toBe(403);
      expect(await getStatus(address, port, '/__sim/stats')).toBe(403);
      // the same peer reaches the public routes, and loopback reaches the control routes
      expect(await getStatus(address, port, '/.well-known/oauth-protected-resource')).toBe(200);
      expect(await getStatus('127.0.0.1', port, '/__sim/state')).toBe(200);
    } finally {
      await sim.close();
    }
  });
});
