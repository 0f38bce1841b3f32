// The one set of formatters the tray, the window, doctor and the support report share.
import { describe, expect, it } from 'vitest';
import {
  formatAgo,
  formatDuration,
  formatIn,
  formatLatency,
  formatShare,
  hostOf,
  LEVEL_VERDICT,
  LEVEL_WORD,
  portOf,
  urlOf,
} from '../../shared/format';

const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;
const D = 24 * H;

describe('durations: whole units, cut down, never rounded up', () => {
  it.each([
    [-5 * S, '0 s'],
    [0, '0 s'],
    [999, '0 s'],
    [12.4 * S, '12 s'],
    [59 * S, '59 s'],
    [59.999 * S, '59 s'],
    [60 * S, '1 min'],
    [119 * S, '1 min'],
    [3 * MIN + 5 * S, '3 min'],
    [59 * MIN + 59 * S, '59 min'],
    [60 * MIN, '1 h'],
    [65 * MIN, '1 h 5 min'],
    [89 * MIN, '1 h 29 min'],
    [90 * MIN, '1 h 30 min'],
    [119 * MIN + 59 * S, '1 h 59 min'],
    [2 * H, '2 h'],
    [25 * H, '25 h'],
    [26 * H, '26 h'],
    [47 * H + 59 * MIN, '47 h 59 min'],
    [48 * H, '2 d'],
    [51 * H, '2 d 3 h'],
    [45 * D + 30 * MIN, '45 d'],
  ])('%d ms reads "%s"', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('relative times', () => {
  it.each([
    [-2 * S, 'just now', 'any moment'],
    [300, 'just now', 'any moment'],
    [S, '1 s ago', 'in 1 s'],
    [12 * S, '12 s ago', 'in 12 s'],
    [90 * MIN, '1 h 30 min ago', 'in 1 h 30 min'],
    [3 * D, '3 d ago', 'in 3 d'],
  ])('%d ms: "%s", "%s"', (ms, ago, inText) => {
    expect(formatAgo(ms)).toBe(ago);
    expect(formatIn(ms)).toBe(inText);
  });
});

describe('response times and shares', () => {
  it.each([
    [412.4, '412 ms'],
    [999.4, '999 ms'],
    [2340, '2.3 s'],
    [14_200, '14 s'],
  ])('%d ms of latency reads "%s"', (ms, text) => {
    expect(formatLatency(ms)).toBe(text);
  });

  it.each([
    [1, '100 %'],
    [0.9999, '99.9 %'],
    [0.9984, '99.8 %'],
    [0.5, '50.0 %'],
    [0, '0.0 %'],
    [1.2, '100 %'],
    [-0.1, '0.0 %'],
  ])('a share of %d reads "%s"', (share, text) => {
    expect(formatShare(share)).toBe(text);
  });
});

describe('levels', () => {
  it('has a word and a verdict for every level, each its own', () => {
    expect(LEVEL_WORD).toEqual({
      ok: 'OK',
      warning: 'Warning',
      error: 'Error',
      unknown: 'Unknown',
    });
    expect(LEVEL_VERDICT).toEqual({
      ok: 'All good',
      warning: 'Needs attention',
      error: 'Not working',
      unknown: 'Status unknown',
    });
  });
});

describe('hosts and ports', () => {
  it.each([
    ['https://app.crosstrade.io/v1/api/mcp', 'app.crosstrade.io', undefined],
    ['https://app.crosstrade.io:443/v1/api/mcp', 'app.crosstrade.io', undefined],
    ['http://127.0.0.1:53682/callback', '127.0.0.1:53682', 53682],
    ['not a url', 'not a url', undefined],
  ])('%s: host "%s", port %s', (url, host, port) => {
    expect(hostOf(url)).toBe(host);
    expect(portOf(url)).toBe(port);
  });

  it('reads no URL from nothing', () => {
    expect(urlOf(undefined)).toBeUndefined();
    expect(urlOf('')).toBeUndefined();
    expect(portOf(undefined)).toBeUndefined();
    expect(urlOf('https://APP.crosstrade.io/x')?.hostname).toBe('app.crosstrade.io');
  });
});
