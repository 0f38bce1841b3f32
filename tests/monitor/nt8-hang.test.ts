// The Windows hang probe: what PowerShell printed (recorded outputs) → the evidence a trader reads,
// silence when PowerShell is missing or fails, nothing off Windows, and a cap on the wait.
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  askCapped,
  createHangProbe,
  HANG_PROBE_LIMIT_MS,
  HANG_SCRIPT,
  parseHangProbe,
  type ScriptResult,
} from '../../electron/monitor/check/nt8-hang';

const ok = (stdout: string): ScriptResult => ({ stdout: `${stdout}\r\n`, stderr: '' });

afterEach(() => {
  vi.useRealTimers();
});

describe('reading what PowerShell printed', () => {
  it('responding, with only its usual windows: responding and no dialog', () => {
    const out = ok(
      '[{"Id":8124,"Responding":true,"MainWindowTitle":"Control Center - Sim101","Windows":["Control Center - Sim101","Chart - ES 03-26","SuperDOM - ES 03-26"]}]',
    );
    expect(parseHangProbe(out)).toEqual({ responding: true, dialogs: [] });
  });

  it('not responding', () => {
    const out = ok(
      '[{"Id":8124,"Responding":false,"MainWindowTitle":"Control Center","Windows":["Control Center","Chart - NQ 03-26"]}]',
    );
    expect(parseHangProbe(out)).toEqual({ responding: false, dialogs: [] });
  });

  it('a dialog title among its windows', () => {
    const out = ok(
      '[{"Id":8124,"Responding":true,"MainWindowTitle":"Control Center","Windows":["Control Center","Connection lost - Rithmic for NinjaTrader Brokerage","Chart - ES 03-26"]}]',
    );
    expect(parseHangProbe(out)).toEqual({
      responding: true,
      dialogs: ['Connection lost - Rithmic for NinjaTrader Brokerage'],
    });
  });

  it('Windows PowerShell 5.1 unwrapping a one-window list into a string', () => {
    const out = ok(
      '{"Id":8124,"Responding":false,"MainWindowTitle":"","Windows":"Save changes to workspace \\"Default\\"?"}',
    );
    expect(parseHangProbe(out)).toEqual({
      responding: false,
      dialogs: ['Save changes to workspace "Default"?'],
    });
  });

  it('PowerShell missing, failing, printing nothing or no NinjaTrader: no evidence', () => {
    expect(parseHangProbe({ stdout: '', stderr: '', error: { code: 'ENOENT' } })).toBeUndefined();
    expect(
      parseHangProbe({
        stdout: '',
        stderr: 'Add-Type : Cannot add type. Compilation errors occurred.\r\n',
        error: { code: 1 },
      }),
    ).toBeUndefined();
    expect(
      parseHangProbe({ stdout: '', stderr: '', error: { code: null, killed: true } }),
    ).toBeUndefined();
    expect(parseHangProbe(ok('The term Get-Process is not recognized'))).toBeUndefined();
    expect(parseHangProbe(ok('[]'))).toBeUndefined();
  });
});

describe('running the probe', () => {
  it('off Windows it runs nothing and reports nothing', async () => {
    const run = vi.fn(async () => ok('[]'));
    expect(await createHangProbe({ platform: 'darwin', run })()).toBeUndefined();
    expect(await createHangProbe({ platform: 'linux', run })()).toBeUndefined();
    expect(run).not.toHaveBeenCalled();
  });

  it('on Windows it runs the script with the cap as its kill timeout', async () => {
    const run = vi.fn(async () =>
      ok('[{"Id":1,"Responding":false,"MainWindowTitle":"Control Center","Windows":[]}]'),
    );
    expect(await createHangProbe({ platform: 'win32', run })()).toEqual({
      responding: false,
      dialogs: [],
    });
    expect(run).toHaveBeenCalledWith(HANG_SCRIPT, HANG_PROBE_LIMIT_MS);
    expect(HANG_SCRIPT).toContain('Get-Process -Name NinjaTrader');
  });

  it('a slow probe never holds a check longer than its 3 s cap', async () => {
    vi.useFakeTimers();
    let settled = false;
    const never = () => new Promise<undefined>(() => undefined);
    const answer = askCapped(never).then((value) => {
      settled = true;
      return value;
    });
    await vi.advanceTimersByTimeAsync(HANG_PROBE_LIMIT_MS - 1);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(settled).toBe(true);
    expect(await answer).toBeUndefined();
    expect(HANG_PROBE_LIMIT_MS).toBe(3000);
  });

  it('a probe that throws is no evidence', async () => {
    expect(await askCapped(async () => Promise.reject(new Error('spawn EACCES')))).toBeUndefined();
  });
});
