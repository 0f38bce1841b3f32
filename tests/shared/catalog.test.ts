import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../shared/catalog';
import { ACTION_IDS, PROBLEM_IDS } from '../../shared/health';

describe('problem catalog', () => {
  it.each(PROBLEM_IDS)('%s has a title, a cause and a fix checklist', (id) => {
    const entry = CATALOG[id];
    expect(entry, `${id} is missing from the catalog`).toBeDefined();
    expect(entry.title.trim().length).toBeGreaterThan(5);
    expect(entry.summary.trim().length).toBeGreaterThan(10);
    expect(entry.steps.length).toBeGreaterThan(0);
    for (const step of entry.steps) {
      expect(step.text.trim().length).toBeGreaterThan(5);
      if (step.action) expect(ACTION_IDS).toContain(step.action);
    }
  });

  it('has no entry beyond the design catalog', () => {
    expect(Object.keys(CATALOG).sort()).toEqual([...PROBLEM_IDS].sort());
  });

  it('binds the one-click fixes crosstrade-mcp.md calls for', () => {
    const actions = (id: keyof typeof CATALOG) => CATALOG[id].steps.map((s) => s.action);
    expect(actions('token_invalid')).toEqual(
      expect.arrayContaining(['open_ai_clients', 'sign_in']),
    );
    expect(actions('subscription_required')).toContain('open_subscriptions');
    expect(actions('insufficient_scope')).toEqual(
      expect.arrayContaining(['open_ai_clients', 'sign_in']),
    );
    expect(actions('signed_out')).toContain('sign_in');
    expect(actions('addon_disconnected')).toEqual(
      expect.arrayContaining(['check_now', 'copy_diagnostics']),
    );
  });

  it('walks through every documented 408 cause for a disconnected add-on', () => {
    const text = CATALOG.addon_disconnected.steps.map((s) => s.text).join(' ');
    for (const cause of ['NinjaTrader 8 is open', 'connected', 'v1.13.0', 'broker', 'dialog']) {
      expect(text).toContain(cause);
    }
  });

  it('covers every documented 401 cause', () => {
    const text = CATALOG.token_invalid.steps.map((s) => s.text).join(' ');
    for (const cause of [
      'revoke',
      'Sign in again',
      'same CrossTrade account',
      'remove and re-add',
      'clock',
    ]) {
      expect(text).toContain(cause);
    }
  });
});
