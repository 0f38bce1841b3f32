// The window may send an AI client's failure with Copy report: main checks it like every request
// (bounded, no extra fields, a real time), hands it to the report, and never logs the paste.
import { describe, expect, it } from 'vitest';
import { dispatchInvoke } from '../../electron/handlers/dispatch';
import { createInvokeHandlers } from '../../electron/handlers/invoke-handlers';
import type { AgentIncident } from '../../shared/explain';
import { MAX_PASTE } from '../../shared/explain';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import type { AppState } from '../../shared/ipc';

function setup() {
  const reported: Array<AgentIncident | undefined> = [];
  const logged: string[] = [];
  let clipboard = '';
  const handlers = createInvokeHandlers({
    state: { get: () => ({}) as AppState },
    checkNow: async () => {},
    signIn: {
      signIn: async () => ({ ok: true }),
      signOut: async () => ({ ok: true }),
    },
    pause: { pause: () => {}, resume: () => {} },
    settings: {
      get: () => DEFAULT_SETTINGS,
      update: () => ({ ok: true, settings: DEFAULT_SETTINGS }),
    },
    report: async (incident) => {
      reported.push(incident);
      return { text: `report for ${incident?.client ?? 'no client'}` };
    },
    openExternal: async () => ({ ok: true }),
    writeClipboard: (text) => {
      clipboard = text;
    },
  });
  const copy = (...args: unknown[]) =>
    dispatchInvoke(handlers, 'copyDiagnostics', args, (_level, message) => logged.push(message));
  return { copy, reported, logged, clipboard: () => clipboard };
}

const SECRET_PASTE = 'HTTP 401 invalid_token Authorization: Bearer ct_at_CANARYipc1234567890';

describe('copyDiagnostics with an AI client failure', () => {
  it('still copies the plain report without one', async () => {
    const { copy, reported, clipboard } = setup();
    expect(await copy()).toEqual({ ok: true, value: undefined });
    expect(reported).toEqual([undefined]);
    expect(clipboard()).toBe('report for no client');
  });

  it('hands a valid incident to the report', async () => {
    const { copy, reported, clipboard } = setup();
    const incident: AgentIncident = {
      client: 'Claude Desktop',
      clientVersion: '0.14.3',
      failedAt: '2026-12-03T10:41:00.000Z',
      tool: 'ListPositions',
      error: SECRET_PASTE,
      matched: ['token_invalid'],
    };
    expect(await copy(incident)).toEqual({ ok: true, value: undefined });
    expect(reported).toEqual([incident]);
    expect(clipboard()).toBe('report for Claude Desktop');
  });

  it.each<[string, unknown]>([
    ['an unknown field', { client: 'Cursor', token: 'x' }],
    ['a time that is not one', { failedAt: 'yesterday-ish' }],
    ['an unknown problem id', { matched: ['not_a_problem'] }],
    ['a paste over 64 KB', { error: 'a'.repeat(MAX_PASTE + 1) }],
    ['a client name over 100 characters', { client: 'c'.repeat(101) }],
    ['a string instead of an object', SECRET_PASTE],
  ])('refuses %s, without logging the paste', async (_what, request) => {
    const { copy, reported, logged } = setup();
    const answer = await copy(request);
    expect(answer.ok).toBe(false);
    expect(reported).toEqual([]);
    expect(logged.join('\n')).not.toContain('CANARY');
  });
});
