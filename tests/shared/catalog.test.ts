import { describe, expect, it } from 'vitest';
import { CATALOG, type CatalogEntry } from '../../shared/catalog';
import { ACTION_IDS, PROBLEM_IDS, type ProblemId } from '../../shared/health';

/**
 * CrossTrade's troubleshooting guide, symptom by symptom: a phrase each checklist must carry for every documented
 * cause and fix. Patterns, not sentences, so the wording can change while the coverage cannot.
 */
const SECTION_5: Partial<Record<ProblemId, Record<string, RegExp>>> = {
  token_invalid: {
    'token expired or revoked': /expired or was revoked/,
    'revoke on AI Clients': /revoke/i,
    'reauthorize: sign in again': /sign in again/i,
    'OAuth never completed (consent tab closed)': /consent tab/i,
    'browser on another CrossTrade account': /same CrossTrade account/,
    'stale client_id after a server-side reset': /re-registers.*stale client ID/,
    'remove and re-add the server': /remove and re-add/,
    'system clock far off': /clock/,
    '401 after consent: complete consent in a fresh browser tab':
      /complete consent in a fresh browser tab/,
  },
  subscription_required: {
    'upgrade to Elite': /upgrade to Elite/i,
    'at Subscriptions': /Subscriptions/,
    'REST and WebSocket stay on Pro': /REST and WebSocket.*Pro/,
  },
  insufficient_scope: {
    'the safety system working': /safety system/,
    'mcp:trade only if the workflow needs writes': /mcp:trade only if/,
    'a read grant (mcp:read)': /mcp:read/,
    'otherwise keep the agent read-only: rewrite the prompt':
      /keep the agent read-only.*rewrite the prompt so the agent does not attempt the write/,
  },
  addon_disconnected: {
    'NT8 closed: open it': /NinjaTrader 8 is open/,
    'add-on panel "connected" (most common)': /panel.*"connected".*most common/,
    'add-on v1.13.0 or newer': /v1\.13\.0 or newer/,
    'broker down: reconnect from Connections': /broker from NinjaTrader's Connections menu/,
    'modal dialog blocking NT8': /dialog/,
    retry: /Check again/,
    'a deeper issue in the panel: support with the version string':
      /panel reports a deeper issue.*CrossTrade support.*version string/,
  },
  nt8_not_running: {
    'open NT8': /Start NinjaTrader 8/,
    'add-on panel "connected"': /panel.*"connected"/,
    'add-on v1.13.0 or newer': /v1\.13\.0 or newer/,
    'broker down: reconnect from Connections': /broker from NinjaTrader's Connections menu/,
    retry: /Check again/,
  },
  tools_missing: {
    'GetMcpCapabilities version and features, in Details':
      /Details.*GetMcpCapabilities.*version.*features/,
    'empty add-on side = NT8 not connected': /empty add-on side.*NinjaTrader 8 is not connected/,
    'NT8 not running hides add-on tools': /add-on tools hide/,
    'add-on below v1.13.0': /v1\.13\.0 or newer/,
    'mcp:read token hides trade tools by design': /hidden by design.*mcp:read/,
    'AI client cached old tool metadata: restart it': /Restart your AI client.*cached/,
  },
  addon_outdated: {
    'download the latest add-on': /Download the latest CrossTrade Add-On/,
    'restart NT8 so it loads': /Restart NinjaTrader 8/,
  },
  selftest_degraded: {
    'transport degraded: server side, wait and retry':
      /degraded transport.*CrossTrade's side.*wait/,
    'category unavailable: update the add-on': /unavailable.*update the CrossTrade Add-On/,
    'self-test timeout: NT8 unresponsive, clear dialogs': /timed out.*not responding.*dialog/,
  },
  endpoint_not_found: {
    'the URL exactly': /exactly https:\/\/app\.crosstrade\.io\/v1\/api\/mcp/,
    'the old mcp.crosstrade.io HTTP+SSE address': /mcp\.crosstrade\.io.*HTTP\+SSE/,
  },
  discovery_failed: {
    'the URL exactly': /exactly https:\/\/app\.crosstrade\.io\/v1\/api\/mcp/,
    'the old mcp.crosstrade.io HTTP+SSE address': /mcp\.crosstrade\.io.*HTTP\+SSE.*never/,
    'stale client metadata: remove and re-add the server':
      /remove the CrossTrade server.*add it again.*stale/,
    'registration refused: wait': /registration was refused, wait/,
    'clock far off (invalid_grant)': /clock/,
  },
};

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

  it('binds the one-click fixes the troubleshooting guide calls for', () => {
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

  describe.each(Object.entries(SECTION_5))('%s checklist', (id, expected) => {
    const text = CATALOG[id as ProblemId].steps.map((s) => s.text).join('\n');
    it.each(Object.entries(expected))('covers: %s', (_cause, pattern) => {
      expect(text).toMatch(pattern);
    });
  });

  it('keeps the one-click fixes on the steps that mention them', () => {
    const bound = (id: ProblemId, pattern: RegExp) =>
      CATALOG[id].steps.find((s) => pattern.test(s.text))?.action;
    expect(bound('token_invalid', /consent tab/)).toBe('sign_in');
    expect(bound('token_invalid', /revoke/)).toBe('open_ai_clients');
    expect(bound('subscription_required', /upgrade to Elite/)).toBe('open_subscriptions');
    // Updating the add-on opens its download page, not the MCP docs.
    expect(bound('tools_missing', /v1\.13\.0/)).toBe('open_addon_download');
    expect(bound('addon_outdated', /Download the latest/)).toBe('open_addon_download');
    expect(bound('selftest_degraded', /unavailable/)).toBe('open_addon_download');
    expect(bound('discovery_failed', /registration was refused/)).toBe('sign_in');
    expect(bound('nt8_not_running', /Check again/)).toBe('check_now');
  });
});

describe('the catalog as the one home of every problem fact', () => {
  it('gives each problem its own rank, so the root cause is never a tie', () => {
    const ranks = PROBLEM_IDS.map((id) => CATALOG[id].rank);
    expect(new Set(ranks).size).toBe(PROBLEM_IDS.length);
    for (const rank of ranks) expect(Number.isFinite(rank)).toBe(true);
  });

  it('hides a problem only behind problems that exist and rank before it', () => {
    for (const id of PROBLEM_IDS) {
      for (const other of CATALOG[id].hiddenBy ?? []) {
        expect(PROBLEM_IDS).toContain(other);
        expect(CATALOG[other].rank, `${other} explains ${id}`).toBeLessThan(CATALOG[id].rank);
      }
    }
  });

  it('lets no ProblemId compile without a catalog entry', () => {
    // Type-level: `tsc` (npm test's typecheck) fails if the line below compiles, that is, if a
    // catalog missing an id's entry were accepted as complete.
    type WithNewProblem = ProblemId | 'brand_new_problem';
    // @ts-expect-error a catalog without an entry for every id is not a Record<ProblemId, …>
    const incomplete: Record<WithNewProblem, CatalogEntry> = CATALOG;
    expect(Object.keys(incomplete)).toHaveLength(PROBLEM_IDS.length);
  });
});
