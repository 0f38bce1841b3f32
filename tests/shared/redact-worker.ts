// Runs the real shared/redact.ts in a worker thread and times each call there. A runaway regex
// blocks the thread that runs it, and vitest's timeout cannot interrupt synchronous code, so a
// catastrophic backtrack in the test's own thread would hang the run forever; a worker can be
// terminated at a deadline, which turns a hang into a failure that names the input.
import { buildSync } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

export interface Timed<T> {
  output: T;
  /** Time spent inside `redact`, measured in the worker (no messaging overhead). */
  ms: number;
}

const SERVE = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (input) => {
  const started = performance.now();
  const output = redactModule.redact(input);
  parentPort.postMessage({ output, ms: performance.now() - started });
});
`;

export class RedactWorker {
  private readonly code: string;
  private worker: Worker | undefined;

  constructor() {
    const entry = fileURLToPath(new URL('../../shared/redact.ts', import.meta.url));
    const bundle = buildSync({
      entryPoints: [entry],
      bundle: true,
      format: 'iife',
      globalName: 'redactModule',
      platform: 'node',
      write: false,
    });
    this.code = `${bundle.outputFiles[0]?.text ?? ''}\n${SERVE}`;
  }

  /**
   * Redacts `input` in the worker; rejects if it takes over `deadlineMs`, and then stops that
   * worker (the next call starts a fresh one).
   */
  redact<T>(input: T, deadlineMs: number): Promise<Timed<T>> {
    const worker = (this.worker ??= new Worker(this.code, { eval: true }));
    return new Promise<Timed<T>>((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
      };
      const onMessage = (timed: Timed<T>): void => {
        done();
        resolve(timed);
      };
      const onError = (error: Error): void => {
        done();
        this.worker = undefined; // a worker that threw has exited
        reject(error);
      };
      const timer = setTimeout(() => {
        done();
        this.worker = undefined;
        void worker.terminate();
        reject(new Error(`redact did not return within ${deadlineMs} ms for ${summarize(input)}`));
      }, deadlineMs);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.postMessage(input);
    });
  }

  /**
   * Times one call; a call over `slowMs` is timed once more and the faster run counts. Two
   * helpers' worth of load on a shared 2-core machine can stall one call (GC, scheduling), but a
   * super-linear pattern is slow every time.
   */
  async timed<T>(input: T, slowMs: number, deadlineMs: number): Promise<Timed<T>> {
    const first = await this.redact(input, deadlineMs);
    if (first.ms < slowMs) return first;
    const second = await this.redact(input, deadlineMs);
    return second.ms < first.ms ? second : first;
  }

  async stop(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }
}

/** A short description of a (possibly huge) input for failure messages. */
export function summarize(input: unknown): string {
  const text = typeof input === 'string' ? input : (JSON.stringify(input) ?? String(input));
  return `${text.length} characters starting ${JSON.stringify(text.slice(0, 60))}`;
}
