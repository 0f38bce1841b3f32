// Pure decision: no Electron, no I/O; the adapters apply it.
//
// Launch at login: the OS login-item API on Windows and macOS, an XDG autostart entry on Linux.
// A launch at login starts hidden in the tray.

/** Passed to the app when the OS starts it at login (Windows args, Linux Exec line). */
export const HIDDEN_FLAG = '--hidden';
export const AUTOSTART_FILE_NAME = 'io.crosstrade.mcp-monitor.desktop';

/**
 * Whether to register at login. Only an installed app does: from `npm start` the entry would
 * start bare Electron (its default window) at login. Unregistering is always allowed, which also
 * removes such an entry left by an older version.
 */
export function autostartWanted(enabled: boolean, packaged: boolean): boolean {
  return enabled && packaged;
}

export type AutostartMethod = 'login-item' | 'xdg-autostart' | 'unsupported';

export function autostartMethod(platform: NodeJS.Platform): AutostartMethod {
  if (platform === 'win32' || platform === 'darwin') return 'login-item';
  if (platform === 'linux' || platform === 'freebsd' || platform === 'openbsd')
    return 'xdg-autostart';
  return 'unsupported';
}

/** Quotes one Exec argument per the Desktop Entry spec (and doubles `%`, a field code). */
export function quoteExecArg(arg: string): string {
  const escaped = arg.replaceAll('%', '%%');
  if (!/[\s"'\\`$<>|&;()*?#~]/.test(escaped)) return escaped;
  return `"${escaped.replace(/(["`$\\])/g, '\\$1')}"`;
}

export interface DesktopEntryInput {
  name: string;
  /** The executable: the AppImage itself when run from one (its mount path changes each run). */
  exec: string;
  args?: readonly string[];
  comment?: string;
}

export function autostartDesktopEntry(input: DesktopEntryInput): string {
  const exec = [input.exec, ...(input.args ?? [HIDDEN_FLAG])].map(quoteExecArg).join(' ');
  const oneLine = (text: string) => text.replace(/[\r\n]+/g, ' ');
  return [
    '[Desktop Entry]',
    'Type=Application',
    `Name=${oneLine(input.name)}`,
    `Comment=${oneLine(input.comment ?? 'Watches the CrossTrade MCP chain from the tray')}`,
    `Exec=${exec}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/** Start without showing the window: launched at login (our flag, or macOS says so). */
export function startsHidden(argv: readonly string[], wasOpenedAtLogin: boolean): boolean {
  return wasOpenedAtLogin || argv.includes(HIDDEN_FLAG);
}
