// The running audit: scans at start, on demand (Check now) and when a watched file changes.
import type { ClientAuditReport } from '../../../shared/client-audit';
import type { ClientEnvironment } from './locations';
import type { Logger } from '../log';
import { scanClientConfigs } from './scan';
import { watchClientConfigs } from './watch';

export interface ClientAuditorOptions {
  environment: ClientEnvironment;
  /** Called after every scan with the new report. */
  onReport?: (report: ClientAuditReport) => void;
  debounceMs?: number;
  /** false: scan on demand only. Default true. */
  watch?: boolean;
  log?: Logger;
}

export interface ClientAuditor {
  /** Scans now (scans run one at a time) and resolves with the report. */
  rescan(): Promise<ClientAuditReport>;
  /** The last report, once the first scan is done. */
  readonly latest: ClientAuditReport | undefined;
  /** Stops watching; a scan in flight still resolves but reports nothing. */
  stop(): void;
}

export function startClientAudit(options: ClientAuditorOptions): ClientAuditor {
  const { environment, log } = options;
  let latest: ClientAuditReport | undefined;
  let stopped = false;
  let stopWatching: (() => void) | undefined;
  let watchedKey = '';
  let queue: Promise<unknown> = Promise.resolve();

  function rewatch(candidates: readonly string[], roots: readonly string[]): void {
    const key = JSON.stringify([candidates, roots]);
    if (options.watch === false || key === watchedKey) return;
    stopWatching?.();
    watchedKey = key;
    stopWatching = watchClientConfigs(candidates, () => void rescan().catch(() => undefined), {
      debounceMs: options.debounceMs,
      roots,
      log,
    });
  }

  async function scanOnce(): Promise<ClientAuditReport> {
    const { report, candidates, roots } = await scanClientConfigs(environment, { log });
    if (stopped) return report;
    latest = report;
    rewatch(candidates, roots);
    options.onReport?.(report);
    return report;
  }

  function rescan(): Promise<ClientAuditReport> {
    const run = queue.then(scanOnce);
    queue = run.catch((error: unknown) => {
      log?.(
        'warn',
        `AI-client audit failed: ${error instanceof Error ? error.name : 'unknown error'}.`,
      );
    });
    return run;
  }

  void rescan().catch(() => undefined);
  return {
    rescan,
    get latest() {
      return latest;
    },
    stop() {
      stopped = true;
      stopWatching?.();
      stopWatching = undefined;
    },
  };
}
