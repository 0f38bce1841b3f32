// History: recent checks and incidents as JSON lines, 7-day rotation, uptime over 24 h, and
// corrupt lines skipped rather than fatal.
import { mkdtemp, readdir, readFile, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CATALOG } from '../../shared/catalog';
import type { HealthSnapshot, Level, ProblemId } from '../../shared/health';
import { History, uptime } from '../../electron/monitor/check/history';

let dir: string;
let clock: number;
const logs: string[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'history-test-'));
  clock = Date.parse('2025-11-25T12:00:00Z');
  logs.length = 0;
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function snap(level: Level, problems: ProblemId[] = []): HealthSnapshot {
  return {
    level,
    problems: problems.map((id) => ({
      id,
      level: CATALOG[id].level,
      title: CATALOG[id].title,
      cause: '',
      steps: [],
    })),
    status: 'checked',
    checkedAt: new Date(clock).toISOString(),
    serverUrl: 'https://app.crosstrade.io/v1/api/mcp',
    token: { state: 'signed_in', refreshTokenPresent: true },
    nt8Process: 'unknown',
  };
}

function history() {
  return new History(
    dir,
    () => clock,
    (level, message) => logs.push(`${level} ${message}`),
  );
}

async function record(h: History, level: Level, problems: ProblemId[] = [], advance = 60_000) {
  h.record(snap(level, problems));
  clock += advance;
}

describe('History', () => {
  it('opens, extends and closes an incident, with its duration', async () => {
    const h = history();
    await h.load();
    await record(h, 'ok');
    await record(h, 'error', ['addon_disconnected']);
    await record(h, 'error', ['addon_disconnected', 'broker_disconnected']);
    await record(h, 'ok');
    await h.flush();
    const [incident] = h.summary().incidents;
    expect(incident).toEqual({
      startedAt: '2025-11-25T12:01:00.000Z',
      endedAt: '2025-11-25T12:03:00.000Z',
      level: 'error',
      problemIds: ['addon_disconnected', 'broker_disconnected'],
      durationMs: 120_000,
    });
  });

  it('survives a restart: checks and incidents are read back from JSON lines', async () => {
    const first = history();
    await first.load();
    await record(first, 'ok');
    await record(first, 'warning', ['addon_outdated']);
    await record(first, 'ok');
    await first.flush();
    const second = history();
    await second.load();
    const summary = second.summary();
    expect(summary.points.map((p) => p.level)).toEqual(['ok', 'warning', 'ok']);
    expect(summary.incidents).toHaveLength(1);
    expect(summary.incidents[0]?.problemIds).toEqual(['addon_outdated']);
    const files = await readdir(join(dir, 'history'));
    expect(files).toEqual(['history-2025-11-25.jsonl']);
    expect((await stat(join(dir, 'history', files[0] ?? ''))).mode & 0o777).toBe(0o600);
  });

  it('skips corrupt lines instead of failing', async () => {
    await mkdir(join(dir, 'history'), { recursive: true });
    const good = JSON.stringify({
      t: 'check',
      at: '2025-11-25T11:00:00.000Z',
      level: 'ok',
      ids: [],
    });
    const lines = [
      good,
      '{"t":"check","at":',
      'not json',
      JSON.stringify({ t: 'check', at: 'x', level: 'purple', ids: [] }),
      JSON.stringify({
        t: 'check',
        at: '2025-11-25T11:01:00.000Z',
        level: 'error',
        ids: ['no_such_problem'],
      }),
      good.replace('11:00', '11:02'),
    ];
    await writeFile(join(dir, 'history', 'history-2025-11-25.jsonl'), lines.join('\n'));
    const h = history();
    await h.load();
    expect(h.summary().points.map((p) => p.at)).toEqual([
      '2025-11-25T11:00:00.000Z',
      '2025-11-25T11:02:00.000Z',
    ]);
  });

  it('keeps seven days of files and deletes older ones', async () => {
    await mkdir(join(dir, 'history'), { recursive: true });
    for (const day of ['2025-11-10', '2025-11-17', '2025-11-19', '2025-11-24']) {
      const line = JSON.stringify({
        t: 'incident',
        startedAt: `${day}T10:00:00.000Z`,
        endedAt: `${day}T10:05:00.000Z`,
        level: 'error',
        ids: ['server_error'],
      });
      await writeFile(join(dir, 'history', `history-${day}.jsonl`), `${line}\n`);
    }
    const h = history();
    await h.load();
    expect((await readdir(join(dir, 'history'))).sort()).toEqual([
      'history-2025-11-19.jsonl',
      'history-2025-11-24.jsonl',
    ]);
    expect(h.summary().incidents.map((i) => i.startedAt.slice(0, 10))).toEqual([
      '2025-11-24',
      '2025-11-19',
    ]);
  });

  it('rotates when the day changes while running', async () => {
    await mkdir(join(dir, 'history'), { recursive: true });
    await writeFile(join(dir, 'history', 'history-2025-11-18.jsonl'), '');
    const h = history();
    await h.load();
    expect(await readdir(join(dir, 'history'))).toContain('history-2025-11-18.jsonl'); // 7 days: kept
    await record(h, 'ok', [], 24 * 3_600_000);
    await record(h, 'ok');
    await h.flush();
    expect((await readdir(join(dir, 'history'))).sort()).toEqual([
      'history-2025-11-25.jsonl',
      'history-2025-11-26.jsonl',
    ]);
  });

  it('computes uptime over the last 24 hours', async () => {
    const h = history();
    await h.load();
    expect(h.summary().uptime24h).toBeNull();
    await record(h, 'ok', [], 3 * 60_000);
    await record(h, 'error', ['server_error'], 60_000);
    await record(h, 'ok', [], 0);
    await h.flush();
    expect(h.summary().uptime24h).toBeCloseTo(0.75, 5);
    expect(
      uptime(
        [{ at: '2025-11-25T12:00:00.000Z', level: 'ok' }],
        Date.parse('2025-11-25T12:00:00.000Z'),
      ),
    ).toBe(1);
  });

  it('leaves signed-out (unknown) time out of the uptime', () => {
    const at = (minutes: number) =>
      new Date(Date.parse('2025-11-25T12:00:00.000Z') + minutes * 60_000).toISOString();
    const points = [
      { at: at(0), level: 'unknown' as const },
      { at: at(10), level: 'ok' as const },
      { at: at(11), level: 'error' as const },
    ];
    expect(uptime(points, Date.parse(at(12)))).toBe(0.5);
    expect(uptime([{ at: at(0), level: 'unknown' }], Date.parse(at(5)))).toBeNull();
  });

  it('logs a failed write and carries on', async () => {
    await writeFile(join(dir, 'history'), 'a file where the folder should be');
    const h = history();
    await h.load();
    await record(h, 'ok');
    await h.flush();
    expect(logs.some((l) => l.startsWith('warn History could not be saved'))).toBe(true);
    expect(h.summary().points).toHaveLength(1);
    expect(await readFile(join(dir, 'history'), 'utf8')).toContain('a file');
  });
});
