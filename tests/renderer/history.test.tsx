// The History tab: the 24-hour strip (colour plus a text alternative) and incidents with durations.
import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { buildStrip, describeStrip, DAY_MS, MAX_POINT_SPAN_MS } from '../../renderer/history';
import { CATALOG } from '../../shared/catalog';
import { appState, historyFixture } from './fixtures';
import { renderWindow } from './render';

const NOW = Date.parse('2026-03-09T14:30:00.000Z');
const MINUTE = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

async function openHistory(state: Parameters<typeof renderWindow>[0]) {
  const view = await renderWindow(state);
  fireEvent.click(screen.getByRole('tab', { name: 'History' }));
  return view;
}

describe('buildStrip', () => {
  it('colours each bucket by the worst level seen in it and totals the time per level', () => {
    const strip = buildStrip(historyFixture(NOW).points, NOW);
    expect(strip.buckets).toHaveLength(96);
    expect(strip.buckets.filter((level) => level === 'error').length).toBeGreaterThanOrEqual(1);
    expect(strip.buckets.filter((level) => level === 'error').length).toBeLessThanOrEqual(3);
    expect(strip.buckets.at(-1)).toBe('ok');
    expect(Math.round(strip.totals.error / MINUTE)).toBe(14);
    expect(strip.totals.ok + strip.totals.error + strip.totals.none).toBe(DAY_MS);
  });

  it('leaves gaps with no checks as "no data" instead of stretching the last level', () => {
    const points = [
      { at: iso(NOW - 6 * 60 * MINUTE), level: 'error' as const },
      { at: iso(NOW - 5 * MINUTE), level: 'ok' as const },
    ];
    const strip = buildStrip(points, NOW);
    expect(strip.totals.error).toBe(MAX_POINT_SPAN_MS);
    expect(strip.totals.ok).toBe(5 * MINUTE);
    expect(strip.buckets.slice(0, 70).every((level) => level === 'none')).toBe(true);
  });

  it('says in words what the colours show', () => {
    const strip = buildStrip(historyFixture(NOW).points, NOW);
    expect(describeStrip(strip)).toBe('Last 24 hours: OK 23 h 45 min · Error 14 min');
    expect(describeStrip(buildStrip([], NOW))).toBe('Last 24 hours: no checks recorded yet');
  });
});

describe('the history view', () => {
  it('draws the strip as an image whose label is the text summary', async () => {
    vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
    await openHistory(appState({}, NOW));
    const strip = screen.getByRole('img', { name: /^Last 24 hours: OK .* · Error 14 min$/ });
    const segments = strip.querySelectorAll('rect');
    expect(segments).toHaveLength(96);
    expect(strip.querySelectorAll('rect.seg-error').length).toBeGreaterThan(0);
    expect(
      screen.getByText(strip.getAttribute('aria-label') ?? '', { selector: 'figcaption' }),
    ).toBeTruthy();
    expect(screen.getByText('98.7 % of the time all good')).toBeTruthy();
  });

  it('lists incidents newest first with what broke, when and for how long', async () => {
    vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
    const history = historyFixture(NOW, [
      {
        startedAt: iso(NOW - 3 * MINUTE),
        level: 'error',
        problemIds: ['addon_disconnected', 'nt8_not_running'],
      },
      ...historyFixture(NOW).incidents,
    ]);
    await openHistory(appState({ history }, NOW));
    const items = within(screen.getByRole('region', { name: 'Incidents' })).getAllByRole(
      'listitem',
    );
    expect(items).toHaveLength(3);
    expect(items[0]?.textContent).toContain(
      `${CATALOG.addon_disconnected.title} · ${CATALOG.nt8_not_running.title}`,
    );
    expect(items[0]?.textContent).toContain('ongoing, 3 min so far');
    expect(items[1]?.textContent).toContain(CATALOG.addon_disconnected.title);
    expect(items[1]?.textContent).toMatch(/Error · started .+ · lasted 14 min/);
    expect(items[2]?.textContent).toMatch(/Warning · started .+ · lasted 3 min/);
  });

  it('says when there is nothing to show', async () => {
    await openHistory(appState({ history: { points: [], incidents: [], uptime24h: null } }));
    expect(screen.getByText(/No incidents recorded/)).toBeTruthy();
    expect(screen.getByRole('img', { name: 'Last 24 hours: no checks recorded yet' })).toBeTruthy();
  });
});
