import { describe, expect, it } from 'vitest';
import { isLoopbackAddress, isLoopbackHost } from '../../simulator/http.js';

// The simulator listens on 127.0.0.1 only, so a non-loopback peer cannot be produced in a test;
// the predicate the control routes use is checked directly instead.
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
