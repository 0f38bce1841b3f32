// Logging for the engine: every line is redacted before it leaves, and the SDK's own console
// warnings ("[mcp-sdk] OAuth …") are routed into the same logger instead of the console.
import { redact } from '../../shared/redact';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type Logger = (level: LogLevel, message: string) => void;

/** Wraps a sink so that nothing unredacted reaches it and a throwing sink cannot hurt a check. */
export function redactingLogger(sink?: Logger): Logger {
  if (!sink) return () => {};
  return (level, message) => {
    try {
      sink(level, redact(message));
    } catch {
      // A broken log sink must never break monitoring.
    }
  };
}

const SDK_PREFIX = '[mcp-sdk]';
const sdkSinks = new Set<{ log: Logger }>();
let originalWarn: typeof console.warn | undefined;
const warnAtLoad = console.warn;

function routedWarn(...args: unknown[]): void {
  const first = args[0];
  if (typeof first === 'string' && first.startsWith(SDK_PREFIX) && sdkSinks.size > 0) {
    const line = args.map((a) => (typeof a === 'string' ? a : String(a))).join(' ');
    for (const sink of sdkSinks) sink.log('warn', line);
    return;
  }
  (originalWarn ?? warnAtLoad).apply(console, args);
}

/**
 * Routes the SDK's console warnings to `log` until the returned function is called. Shared by
 * every running engine; console.warn is restored when the last one stops.
 */
export function routeSdkWarnings(log: Logger): () => void {
  if (sdkSinks.size === 0) {
    originalWarn = console.warn;
    console.warn = routedWarn;
  }
  const sink = { log };
  sdkSinks.add(sink);
  return () => {
    if (!sdkSinks.delete(sink)) return;
    if (sdkSinks.size > 0 || !originalWarn) return;
    // Leave the console alone if someone replaced console.warn after us.
    if (console.warn === routedWarn) console.warn = originalWarn;
    originalWarn = undefined;
  };
}
