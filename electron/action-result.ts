// The outcome of something main does for the trader (sign in, open a page) that can fail in an
// expected way: the tray ignores it, an invoke handler turns a failure into the IPC error.
export type ActionResult = { ok: true } | { ok: false; error: string };

/** Throws the failure's message, for a handler whose envelope carries it to the window. */
export function orThrow(result: ActionResult): void {
  if (!result.ok) throw new Error(result.error);
}
