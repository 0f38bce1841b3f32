// When calls into NinjaTrader hang, ask Windows what it sees: its "Not responding" flag and the
// titles of NinjaTrader's visible top-level windows (a modal dialog blocks its main thread).
// One small PowerShell script through execFile, no native module; capped so a check never waits
// on it for long, and silent off Windows or when PowerShell is missing or fails.
import { execFile } from 'node:child_process';
import type { Nt8HangEvidence } from '../../../shared/health';

/** A check never waits longer than this for the answer. */
export const HANG_PROBE_LIMIT_MS = 3000;
const TITLE_MAX = 80;
const DIALOGS_MAX = 3;

export type HangProbe = () => Promise<Nt8HangEvidence | undefined>;

/** What running the script gave: its output, or the error execFile reported. */
export interface ScriptResult {
  stdout: string;
  stderr: string;
  error?: { code?: string | number | null; killed?: boolean } | null;
}

export type ScriptRunner = (script: string, timeoutMs: number) => Promise<ScriptResult>;

// EnumWindows + GetWindowText: reading another process's caption never sends it a message, so a
// hung NinjaTrader cannot hang the script.
export const HANG_SCRIPT = String.raw`$ErrorActionPreference = 'Stop'
$procs = @(Get-Process -Name NinjaTrader -ErrorAction SilentlyContinue)
if ($procs.Count -eq 0) { '[]'; exit 0 }
Add-Type -TypeDefinition @'
using System; using System.Collections.Generic; using System.Runtime.InteropServices; using System.Text;
public static class Nt8Windows {
  delegate bool EnumProc(IntPtr h, IntPtr p);
  [DllImport("user32.dll")] static extern bool EnumWindows(EnumProc f, IntPtr p);
  [DllImport("user32.dll")] static extern bool IsWindowVisible(IntPtr h);
  [DllImport("user32.dll")] static extern uint GetWindowThreadProcessId(IntPtr h, out uint pid);
  [DllImport("user32.dll", CharSet = CharSet.Unicode)] static extern int GetWindowText(IntPtr h, StringBuilder s, int n);
  public static string[] Titles(uint target) {
    var list = new List<string>();
    EnumWindows((h, p) => {
      uint pid; GetWindowThreadProcessId(h, out pid);
      if (pid == target && IsWindowVisible(h)) {
        var sb = new StringBuilder(256);
        if (GetWindowText(h, sb, 256) > 0) list.Add(sb.ToString());
      }
      return true;
    }, IntPtr.Zero);
    return list.ToArray();
  }
}
'@
$out = foreach ($p in $procs) {
  [pscustomobject]@{ Id = $p.Id; Responding = $p.Responding; MainWindowTitle = $p.MainWindowTitle; Windows = @([Nt8Windows]::Titles([uint32]$p.Id)) }
}
ConvertTo-Json -InputObject @($out) -Compress -Depth 3`;

/** NinjaTrader's own windows: anything else that is visible is taken for a dialog. */
const USUAL_WINDOW =
  /^(control center|chart\b|superdom|market analyzer|strategy analyzer|strategy builder|basic entry|order ticket|time (&|and) sales|level ii|hot list|news|alerts log|account data|market watch|ninjascript|output|trade performance|playback|workspace|crosstrade|chart trader|fx board|fx pro|ninjatrader$)/i;

function clip(title: string): string {
  const flat = title.replace(/\s+/g, ' ').trim();
  return flat.length > TITLE_MAX ? `${flat.slice(0, TITLE_MAX - 1).trimEnd()}…` : flat;
}

/** Reads the script's output; undefined when it says nothing usable (no NT8, no PowerShell…). */
export function parseHangProbe(result: ScriptResult): Nt8HangEvidence | undefined {
  if (result.error) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(result.stdout.trim());
  } catch {
    return undefined;
  }
  const entries = Array.isArray(parsed) ? parsed : [parsed];
  const first = entries.find(
    (e): e is Record<string, unknown> => typeof e === 'object' && e !== null,
  );
  if (!first) return undefined;
  const main = typeof first.MainWindowTitle === 'string' ? first.MainWindowTitle : '';
  const raw = Array.isArray(first.Windows)
    ? first.Windows
    : typeof first.Windows === 'string'
      ? [first.Windows]
      : [];
  const dialogs = [
    ...new Set(
      raw
        .filter((t): t is string => typeof t === 'string')
        .map(clip)
        .filter((t) => t !== '' && t !== clip(main) && !USUAL_WINDOW.test(t)),
    ),
  ].slice(0, DIALOGS_MAX);
  const evidence: Nt8HangEvidence = { dialogs };
  if (typeof first.Responding === 'boolean') evidence.responding = first.Responding;
  return evidence;
}

const runPowerShell: ScriptRunner = (script, timeoutMs) =>
  new Promise((resolve) => {
    execFile(
      'powershell.exe',
      ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-Command', script],
      { timeout: timeoutMs, windowsHide: true, maxBuffer: 64 * 1024 },
      (error, stdout, stderr) =>
        resolve({
          stdout: String(stdout),
          stderr: String(stderr),
          ...(error ? { error: { code: error.code ?? null, killed: error.killed } } : {}),
        }),
    );
  });

/** The Windows probe; nothing elsewhere. `run` is injectable for tests. */
export function createHangProbe(
  options: { platform?: NodeJS.Platform; run?: ScriptRunner } = {},
): HangProbe {
  const platform = options.platform ?? process.platform;
  const run = options.run ?? runPowerShell;
  return async () => {
    if (platform !== 'win32') return undefined;
    return parseHangProbe(await run(HANG_SCRIPT, HANG_PROBE_LIMIT_MS));
  };
}

/** The probe's answer, or undefined once `limitMs` passed or it failed: a check never waits longer. */
export async function askCapped(
  probe: HangProbe,
  limitMs: number = HANG_PROBE_LIMIT_MS,
): Promise<Nt8HangEvidence | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), limitMs);
    timer.unref();
  });
  try {
    return await Promise.race([probe().catch(() => undefined), limit]);
  } finally {
    clearTimeout(timer);
  }
}
