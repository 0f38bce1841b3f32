// The shell's own small state on disk (<userData>/shell-state.json): window bounds, the
// notification pause and memory, and the basic_text opt-in. Not user settings: an unreadable
// file is moved aside and the defaults are used, with a log line.
import type Conf from 'conf';
import { z } from 'zod';
import { openConfFile, type RawStore } from './conf-file';
import type { Log } from './log';
import { EMPTY_MEMORY } from './policy/notification-policy';

const rectSchema = z.object({
  x: z.number(),
  y: z.number(),
  width: z.number(),
  height: z.number(),
});
const lastShownSchema = z.object({
  disconnect: z.number().optional(),
  recovery: z.number().optional(),
  token: z.number().optional(),
  outdated: z.number().optional(),
});

export const shellStateSchema = z.object({
  version: z.literal(1),
  windowBounds: rectSchema.optional(),
  notificationsPausedUntil: z.string().optional(),
  notificationMemory: z.object({
    lastShownAt: lastShownSchema,
    errorNotified: z.boolean(),
    outdatedVersions: z.array(z.string()),
  }),
  unencryptedTokensOptIn: z.boolean(),
});
export type ShellState = z.infer<typeof shellStateSchema>;

export const DEFAULT_SHELL_STATE: ShellState = {
  version: 1,
  notificationMemory: EMPTY_MEMORY,
  unencryptedTokensOptIn: false,
};

export class ShellStateStore {
  private constructor(
    private readonly conf: Conf<RawStore> | undefined,
    private state: ShellState,
    private readonly log: Log,
  ) {}

  static open(dir: string, log: Log, now?: () => Date): ShellStateStore {
    try {
      const opened = openConfFile(dir, 'shell-state', now);
      if (opened.corruptCopy)
        log('warn', `shell-state.json was damaged; moved to ${opened.corruptCopy}.`);
      const parsed = shellStateSchema.safeParse(opened.content ?? DEFAULT_SHELL_STATE);
      if (!parsed.success)
        log('warn', 'shell-state.json did not match its schema; using defaults.');
      return new ShellStateStore(
        opened.conf,
        parsed.success ? parsed.data : DEFAULT_SHELL_STATE,
        log,
      );
    } catch (error) {
      log('error', `shell-state.json could not be opened: ${String(error)}`);
      return new ShellStateStore(undefined, DEFAULT_SHELL_STATE, log);
    }
  }

  get(): ShellState {
    return this.state;
  }

  update(patch: Partial<ShellState>): void {
    const next = shellStateSchema.safeParse({ ...this.state, ...patch });
    if (!next.success) {
      this.log(
        'warn',
        `Ignored an invalid shell state update: ${next.error.issues[0]?.message ?? ''}`,
      );
      return;
    }
    this.state = next.data;
    if (!this.conf) return;
    try {
      this.conf.store = { ...next.data };
    } catch (error) {
      this.log('warn', `Shell state could not be saved: ${String(error)}`);
    }
  }
}
