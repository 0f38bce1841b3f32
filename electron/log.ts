// Main-process log: one redacted line per event in <userData>/logs/main.log (rotated at 1 MB),
// echoed to the console outside packaged builds. Never sees a token unredacted on disk.
import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { redact } from '../shared/redact';
import type { Logger } from './monitor/log';

export const LOG_MAX_BYTES = 1024 * 1024;

export function createFileLog(
  file: string,
  options: { echo?: boolean; debug?: boolean } = {},
): Logger {
  let ready = false;
  return (level, message) => {
    if (level === 'debug' && !options.debug) return;
    const line = `${new Date().toISOString()} ${level.toUpperCase()} ${redact(message)}\n`;
    if (options.echo)
      (level === 'error' || level === 'warn' ? console.error : console.log)(line.trimEnd());
    try {
      if (!ready) {
        mkdirSync(dirname(file), { recursive: true });
        ready = true;
      }
      try {
        if (statSync(file).size > LOG_MAX_BYTES) renameSync(file, `${file}.1`);
      } catch {
        // No file yet.
      }
      appendFileSync(file, line, { mode: 0o600 });
    } catch {
      // Logging must never take the app down.
    }
  };
}
