// The running audit: scans at start, on demand (Check now) and when a watched file's content
// changed. Only a change of the CrossTrade findings asks the engine for a check.
import type { ClientAuditReport } from '../../../shared/client-audit';
import type { ClientEnvironment } from './locations';
import type { Logger } from '../log';
import { FilePrints } from './fingerprint';
import { scanClientConfigs } from './scan';
import { watchClientConfigs } from './watch';

/** Why a scan ran: the first one, Check now, or a watched file whose content changed. */
export type ScanCause = 'start' | 'rescan' | 'watch';

export interface ScanOutcome {
  cause: ScanCause;
  /** The findings differ from the previous scan's (the first scan: there are findings). */
  findingsChanged: boolean;
}

export interface ClientAuditorOptions {
  environment: ClientEnvironment;
  /** Called after every scan with the new report. */
  onReport?: (report: ClientAuditReport, outcome: ScanOutcome) => void;
  /**
   * Called when a scan nobody asked for (start, a file change) found different findings: the
   * moment the monitor's own check should look again. Check now checks anyway, so not then.
   */
  onFindingsChanged?: () => void;
  /** Quiet time after a burst of file changes; default the watcher's. */
  debounceMs?: number;
  /** false: scan on demand only. Default true. */
  watch?: boolean;
  log?: Logger;
}

export interface ClientAuditor {
  /** Scans now (scans run one at a time) and resolves with the report. */
  rescan(): Promise<ClientAuditReport>;
  /**
   * What the watcher calls after a burst of changes: re-audits only when a file's bytes changed.
   * Resolves with whether a scan ran.
   */
  filesChanged(): Promise<boolean>;
  /** The last report, once the first scan is done. */
  readonly latest: ClientAuditReport | undefined;
  /** Scans run so far. */
  readonly scans: number;
  /** Stops watching; a scan in flight still resolves but reports nothing. */
  stop(): void;
}

const findingsKey = (report: ClientAuditReport | undefined): string =>
  JSON.stringify(report?.findings ?? []);

export function startClientAudit(options: ClientAuditorOptions): ClientAuditor {
  const { environment, log } = options;
  let latest: ClientAuditReport | undefined;
  let scans = 0;
  let stopped = false;
  let stopWatching: (() => void) | undefined;
  let watchedKey = '';
  let candidates: readonly string[] = [];
  const prints = new FilePrints();
  let queue: Promise<unknown> = Promise.resolve();

  function rewatch(next: readonly string[], roots: readonly string[]): void {
    const key = JSON.stringify([next, roots]);
    if (options.watch === false || key === watchedKey) return;
    stopWatching?.();
    watchedKey = key;
    stopWatching = watchClientConfigs(next, () => void filesChanged().catch(() => undefined), {
      ...(options.debounceMs !== undefined ? { debounceMs: options.debounceMs } : {}),
      roots,
      ...(log ? { log } : {}),
    });
  }

  async function scanOnce(cause: ScanCause): Promise<ClientAuditReport> {
    scans += 1;
    const scan = await scanClientConfigs(environment, { log });
    const { report, roots } = scan;
    if (stopped) return report;
    const previous = findingsKey(latest);
    latest = report;
    // New files to look at (a project appeared): their current bytes are the baseline.
    if (JSON.stringify(scan.candidates) !== JSON.stringify(candidates)) {
      candidates = scan.candidates;
      await prints.update(candidates);
    }
    rewatch(candidates, roots);
    const findingsChanged = findingsKey(report) !== previous;
    options.onReport?.(report, { cause, findingsChanged });
    if (findingsChanged && cause !== 'rescan') options.onFindingsChanged?.();
    return report;
  }

  function enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = queue.then(task);
    queue = run.catch((error: unknown) => {
      log?.(
        'warn',
        `AI-client audit failed: ${error instanceof Error ? error.name : 'unknown error'}.`,
      );
    });
    return run;
  }

  const rescan = (): Promise<ClientAuditReport> => enqueue(() => scanOnce('rescan'));

  function filesChanged(): Promise<boolean> {
    return enqueue(async () => {
      // Prints taken before the read: a change made during the scan is seen next time.
      if (stopped || !(await prints.update(candidates))) return false;
      await scanOnce('watch');
      return true;
    });
  }

  void enqueue(() => scanOnce('start')).catch(() => undefined);
  return {
    rescan,
    filesChanged,
    get latest() {
      return latest;
    },
    get scans() {
      return scans;
    },
    stop() {
      stopped = true;
      stopWatching?.();
      stopWatching = undefined;
    },
  };
}
