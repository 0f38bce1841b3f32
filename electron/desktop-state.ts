// The desktop app's own small state on disk: window bounds, the notification pause and memory,
// and the basic_text opt-in. Not user settings: an unreadable file is moved aside and the
// defaults are used, with a log line. The file keeps its first name, shell-state.json, so an
// update finds what earlier versions saved.
import type Conf from 'conf';
import { z } from 'zod';
import { openConfFile, type RawStore } from './conf-file';
import type { Logger } from './monitor/log';
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

/** The file's name under userData, without `.json`. */
export const DESKTOP_STATE_FILE_NAME = 'shell-state';

export const desktopStateSchema = z.object({
  version: z.literal(1),
  windowBounds: rectSchema.optional(),
  notificationsPausedUntil: z.string().optional(),
  notificationMemory: z.object({
    lastShownAt: lastShownSchema,
    errorNotified: z.boolean(),
    outdatedVersions: z.array(z.string()),
  }),
  unencryptedTokensOptIn: z.boolean(),
  /** The first-run tips (launch at login, pinning the tray icon) were shown: they are one-time. */
  firstRunTipsShown: z.boolean().optional(),
});
export type DesktopState = z.infer<typeof desktopStateSchema>;

export const DEFAULT_DESKTOP_STATE: DesktopState = {
  version: 1,
  notificationMemory: EMPTY_MEMORY,
  unencryptedTokensOptIn: false,
};

export class DesktopStateStore {
  private constructor(
    private readonly conf: Conf<RawStore> | undefined,
    private state: DesktopState,
    private readonly log: Logger,
  ) {}

  static open(dir: string, log: Logger, now?: () => Date): DesktopStateStore {
    try {
      const opened = openConfFile(dir, DESKTOP_STATE_FILE_NAME, now);
      if (opened.corruptCopy)
        log('warn', `shell-state.json was damaged; moved to ${opened.corruptCopy}.`);
      const parsed = desktopStateSchema.safeParse(opened.content ?? DEFAULT_DESKTOP_STATE);
      if (!parsed.success)
        log('warn', 'shell-state.json did not match its schema; using defaults.');
      return new DesktopStateStore(
        opened.conf,
        parsed.success ? parsed.data : DEFAULT_DESKTOP_STATE,
        log,
      );
    } catch (error) {
      log('error', `shell-state.json could not be opened: ${String(error)}`);
      return new DesktopStateStore(undefined, DEFAULT_DESKTOP_STATE, log);
    }
  }

  get(): DesktopState {
    return this.state;
  }

  update(patch: Partial<DesktopState>): void {
    const next = desktopStateSchema.safeParse({ ...this.state, ...patch });
    if (!next.success) {
      this.log(
        'warn',
        `Ignored an invalid desktop state update: ${next.error.issues[0]?.message ?? ''}`,
      );
      return;
    }
    this.state = next.data;
    if (!this.conf) return;
    try {
      this.conf.store = { ...next.data };
    } catch (error) {
      this.log('warn', `Desktop state could not be saved: ${String(error)}`);
    }
  }
}
