// Every ProblemId's checklist as the trader sees it: title, evidence, steps in order, and the
// action buttons bound to steps calling the right bridge method.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../shared/catalog';
import { PROBLEM_IDS, type ActionId, type ProblemId } from '../../shared/health';
import { BRIDGE_DOWN } from '../../renderer/format';
import { CAUSES, problemState } from './fixtures';
import { createFakeBridge, type FakeBridge } from './fakeBridge';
import { renderWindow } from './render';

const LABEL: Record<ActionId, string> = {
  sign_in: 'Sign in again',
  open_ai_clients: 'Open AI Clients page',
  open_subscriptions: 'Open Subscriptions page',
  open_docs: 'Open CrossTrade docs',
  open_addon_download: 'Download the add-on',
  check_now: 'Check now',
  copy_diagnostics: 'Copy safe diagnostics',
};

function expectCalled(bridge: FakeBridge, action: ActionId): void {
  switch (action) {
    case 'sign_in':
      expect(bridge.signIn).toHaveBeenCalledTimes(1);
      return;
    case 'open_ai_clients':
      expect(bridge.openExternal).toHaveBeenCalledExactlyOnceWith('ai_clients');
      return;
    case 'open_subscriptions':
      expect(bridge.openExternal).toHaveBeenCalledExactlyOnceWith('subscriptions');
      return;
    case 'open_docs':
      expect(bridge.openExternal).toHaveBeenCalledExactlyOnceWith('docs');
      return;
    case 'open_addon_download':
      expect(bridge.openExternal).toHaveBeenCalledExactlyOnceWith('addon_download');
      return;
    case 'check_now':
      expect(bridge.checkNow).toHaveBeenCalledTimes(1);
      return;
    case 'copy_diagnostics':
      expect(bridge.copyDiagnostics).toHaveBeenCalledTimes(1);
      return;
  }
}

function callCount(bridge: FakeBridge): number {
  return (
    bridge.signIn.mock.calls.length +
    bridge.openExternal.mock.calls.length +
    bridge.checkNow.mock.calls.length +
    bridge.copyDiagnostics.mock.calls.length +
    bridge.signOut.mock.calls.length
  );
}

function problemRegion(id: ProblemId): HTMLElement {
  return screen.getByRole('region', { name: CATALOG[id].title });
}

describe('the active problem view', () => {
  it('has a catalog entry with steps for every ProblemId', () => {
    expect(Object.keys(CATALOG).sort()).toEqual([...PROBLEM_IDS].sort());
    for (const id of PROBLEM_IDS) expect(CATALOG[id].steps.length).toBeGreaterThan(0);
  });

  describe.each(PROBLEM_IDS.map((id) => [id]))('%s', (id) => {
    const entry = CATALOG[id];

    it('shows the title, what we saw and the numbered steps in order, each with a checkbox', async () => {
      await renderWindow(problemState([id]));
      const region = problemRegion(id);
      expect(within(region).getByRole('heading', { level: 2, name: entry.title })).toBeTruthy();
      // First run is not a failure: the welcome explains the app instead of quoting evidence.
      if (id === 'signed_out') expect(within(region).queryByText(CAUSES[id])).toBeNull();
      else expect(within(region).getByText(CAUSES[id])).toBeTruthy();
      const list = within(region).getByRole('list', { name: `Steps to fix: ${entry.title}` });
      const items = within(list).getAllByRole('listitem');
      expect(items).toHaveLength(entry.steps.length);
      entry.steps.forEach((step, index) => {
        const item = items[index];
        if (!item) throw new Error(`step ${index + 1} missing`);
        expect(item.textContent).toContain(`${index + 1}.`);
        expect(item.textContent).toContain(step.text);
        const box = within(item).getByRole('checkbox');
        expect((box as HTMLInputElement).checked).toBe(false);
        expect(screen.getByLabelText(step.text, { exact: false })).toBe(box);
      });
    });

    it('puts the right action button on each bound step, and each calls the right bridge method', async () => {
      const { bridge } = await renderWindow(problemState([id]));
      const region = problemRegion(id);
      const items = within(within(region).getByRole('list', { name: /Steps to fix/ })).getAllByRole(
        'listitem',
      );
      const bound = entry.steps.filter((step) => step.action !== undefined);
      expect(within(region).queryAllByRole('button')).toHaveLength(bound.length);
      for (const [index, step] of entry.steps.entries()) {
        const item = items[index];
        if (!item) throw new Error(`step ${index + 1} missing`);
        const buttons = within(item).queryAllByRole('button');
        if (!step.action) {
          expect(buttons).toHaveLength(0);
          continue;
        }
        const label =
          id === 'signed_out' && step.action === 'sign_in'
            ? 'Sign in with CrossTrade'
            : LABEL[step.action];
        expect(buttons.map((b) => b.textContent)).toEqual([label]);
        bridge.signIn.mockClear();
        bridge.openExternal.mockClear();
        bridge.checkNow.mockClear();
        bridge.copyDiagnostics.mockClear();
        const button = buttons[0];
        if (!button) throw new Error('no button');
        fireEvent.click(button);
        await waitFor(() => expectCalled(bridge, step.action as ActionId));
        expect(callCount(bridge)).toBe(1);
        await waitFor(() => expect(button.getAttribute('aria-disabled')).toBeNull());
      }
      expect(bridge.signOut).not.toHaveBeenCalled();
    });
  });
});

describe('the checklist ticks', () => {
  it('keeps ticks for the current incident, across tabs and new checks of the same problems', async () => {
    const { bridge } = await renderWindow(problemState(['addon_disconnected']));
    const first = screen.getByLabelText(CATALOG.addon_disconnected.steps[0]?.text ?? '', {
      exact: false,
    });
    fireEvent.click(first);
    expect((first as HTMLInputElement).checked).toBe(true);
    expect(
      screen.getByText(`1 of ${CATALOG.addon_disconnected.steps.length} steps done.`),
    ).toBeTruthy();

    fireEvent.click(screen.getByRole('tab', { name: 'Details' }));
    fireEvent.click(screen.getByRole('tab', { name: /Status/ }));
    bridge.push(
      problemState(['addon_disconnected'], {
        nextCheckAt: new Date(Date.now() + 30_000).toISOString(),
      }),
    );

    const again = screen.getByLabelText(CATALOG.addon_disconnected.steps[0]?.text ?? '', {
      exact: false,
    });
    expect((again as HTMLInputElement).checked).toBe(true);
  });

  it('resets the ticks when the set of problems changes', async () => {
    const { bridge } = await renderWindow(problemState(['addon_disconnected']));
    const stepText = CATALOG.addon_disconnected.steps[1]?.text ?? '';
    fireEvent.click(screen.getByLabelText(stepText, { exact: false }));
    bridge.push(problemState(['addon_disconnected', 'broker_disconnected']));
    expect((screen.getByLabelText(stepText, { exact: false }) as HTMLInputElement).checked).toBe(
      false,
    );
  });
});

describe('several active problems', () => {
  it('leads with the root cause and lists the others collapsed below', async () => {
    await renderWindow(problemState(['addon_disconnected', 'clock_skew', 'client_misconfigured']));
    expect(problemRegion('addon_disconnected')).toBeTruthy();
    const others = screen.getByRole('region', { name: 'Also active (2)' });
    const details = others.querySelectorAll('details');
    expect(details).toHaveLength(2);
    for (const element of details) expect(element.open).toBe(false);
    const summaries = [...details].map((d) => d.querySelector('summary')?.textContent ?? '');
    expect(summaries[0]).toContain(CATALOG.clock_skew.title);
    expect(summaries[0]).toContain('Warning');
    expect(summaries[1]).toContain(CATALOG.client_misconfigured.title);
  });

  it("shows a collapsed problem's evidence, checklist and actions when expanded", async () => {
    const { bridge } = await renderWindow(problemState(['subscription_required', 'clock_skew']));
    const details = screen
      .getByRole('region', { name: 'Also active (1)' })
      .querySelector('details');
    if (!details) throw new Error('no details');
    details.open = true;
    expect(within(details).getByText(CAUSES.clock_skew)).toBeTruthy();
    fireEvent.click(within(details).getByRole('button', { name: 'Sign in again' }));
    await waitFor(() => expect(bridge.signIn).toHaveBeenCalledTimes(1));
  });

  it('shows the problem a notification pointed at first', async () => {
    await renderWindow(
      problemState(['addon_disconnected', 'broker_disconnected'], {
        focusProblem: 'broker_disconnected',
      }),
    );
    const main = screen.getAllByRole('region')[0];
    expect(main?.getAttribute('data-problem')).toBe('broker_disconnected');
    expect(screen.getByRole('region', { name: 'Also active (1)' }).textContent).toContain(
      CATALOG.addon_disconnected.title,
    );
  });

  it('switches to the Status tab when a notification focuses a problem', async () => {
    const { bridge } = await renderWindow(problemState(['addon_disconnected']));
    fireEvent.click(screen.getByRole('tab', { name: 'History' }));
    bridge.push(problemState(['addon_disconnected'], { focusProblem: 'addon_disconnected' }));
    expect(screen.getByRole('tab', { name: /Status/ }).getAttribute('aria-selected')).toBe('true');
    expect(problemRegion('addon_disconnected')).toBeTruthy();
  });
});

describe('action results', () => {
  it('says so when the safe diagnostics were copied', async () => {
    await renderWindow(problemState(['server_error']));
    fireEvent.click(
      within(problemRegion('server_error')).getByRole('button', { name: 'Copy safe diagnostics' }),
    );
    const notice = await screen.findByTestId('notice');
    expect(notice.textContent).toContain('Safe diagnostics copied');
  });

  it('shows the reason main gave when an action fails', async () => {
    const bridge = createFakeBridge(problemState(['subscription_required']));
    bridge.openExternal.mockResolvedValue({
      ok: false,
      error: 'No browser is set up to open links.',
    });
    await renderWindow(bridge);
    fireEvent.click(screen.getByRole('button', { name: 'Open Subscriptions page' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain(
      'Could not open your subscriptions: no browser is set up to open links.',
    );
    expect(alert.textContent).not.toContain(BRIDGE_DOWN);
  });

  it('turns a thrown bridge error into one friendly sentence, never a stack trace', async () => {
    const bridge = createFakeBridge(problemState(['addon_disconnected']));
    const error = new Error(
      "Error invoking remote method 'monitor:copy-diagnostics': TypeError: x is undefined",
    );
    error.stack = `${error.message}\n    at copy (file:///app/out/main/index.js:120:7)`;
    bridge.copyDiagnostics.mockRejectedValue(error);
    await renderWindow(bridge);
    fireEvent.click(
      within(problemRegion('addon_disconnected')).getByRole('button', {
        name: 'Copy safe diagnostics',
      }),
    );
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain(BRIDGE_DOWN);
    expect(document.body.textContent).not.toMatch(/TypeError|index\.js|invoking remote method/);
  });

  it('hides an error string that is really a stack frame', async () => {
    const bridge = createFakeBridge(problemState(['token_invalid']));
    bridge.signIn.mockResolvedValue({
      ok: false,
      error: 'TypeError: Cannot read properties of undefined\n    at signIn (main.js:10:2)',
    });
    await renderWindow(bridge);
    fireEvent.click(
      within(problemRegion('token_invalid')).getByRole('button', { name: 'Sign in again' }),
    );
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain("That didn't work");
    expect(alert.textContent).not.toContain('TypeError');
  });
});
