import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { SignInOptions } from '../../electron/monitor/engine-types';
import { FakeEngine } from './fixtures';

const electron = await vi.hoisted(async () =>
  (await import('./electron-mock')).createElectronMock(),
);
vi.mock('electron', () => electron);

const { SignInController } = await import('../../electron/sign-in');

function setup(engine = new FakeEngine()) {
  const states: unknown[] = [];
  const controller = new SignInController({
    engine,
    onState: (state) => states.push(state),
    log: vi.fn(),
    openUrl: (url) => electron.shell.openExternal(url),
  });
  return { engine, controller, states };
}

describe('sign-in controller', () => {
  beforeEach(() => electron.reset());

  it('runs the engine sign-in with the system browser', async () => {
    const { controller, engine, states } = setup();
    await expect(controller.signIn()).resolves.toEqual({ ok: true });
    expect(engine.signIn).toHaveBeenCalledTimes(1);
    expect(electron.shell.openExternal).toHaveBeenCalledWith(
      'https://app.crosstrade.io/oauth/authorize?client_id=abc',
    );
    expect(states).toEqual([{ state: 'waiting' }, { state: 'idle' }]);
  });

  it('refuses to open a sign-in address that is not https', async () => {
    const engine = new FakeEngine();
    engine.signIn.mockImplementation(async (options: SignInOptions) => {
      await options.openUrl('file:///tmp/phish.html');
    });
    const { controller, states } = setup(engine);
    const result = await controller.signIn();
    expect(result).toEqual({
      ok: false,
      error: 'Refused to open a sign-in address that is not https.',
    });
    expect(electron.shell.openExternal).not.toHaveBeenCalled();
    expect(states.at(-1)).toEqual({
      state: 'failed',
      message: 'Refused to open a sign-in address that is not https.',
    });
  });

  it('reports a failed sign-in, redacted', async () => {
    const engine = new FakeEngine();
    engine.signIn.mockRejectedValue(new Error('invalid_grant for code=abcdef0123456789abcdef'));
    const { controller, states } = setup(engine);
    const result = await controller.signIn();
    expect(result.ok).toBe(false);
    expect(JSON.stringify(states)).not.toContain('abcdef0123456789abcdef');
  });

  it('restarts a sign-in that is still waiting for the browser', async () => {
    const engine = new FakeEngine();
    let firstSignal: AbortSignal | undefined;
    engine.signIn.mockImplementationOnce(
      (options: SignInOptions) =>
        new Promise<void>((_resolve, reject) => {
          firstSignal = options.signal;
          options.signal?.addEventListener('abort', () => reject(new Error('cancelled')));
        }),
    );
    const { controller, states } = setup(engine);
    const first = controller.signIn();
    const second = controller.signIn();
    await expect(first).resolves.toEqual({ ok: false, error: 'Sign-in was restarted.' });
    await expect(second).resolves.toEqual({ ok: true });
    expect(firstSignal?.aborted).toBe(true);
    expect(engine.signIn).toHaveBeenCalledTimes(2);
    expect(states.at(-1)).toEqual({ state: 'idle' });
  });

  it('signs out through the engine and cancels a waiting sign-in', async () => {
    const { controller, engine } = setup();
    await expect(controller.signOut()).resolves.toEqual({ ok: true });
    expect(engine.signOut).toHaveBeenCalledTimes(1);
  });
});
