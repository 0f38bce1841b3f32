// The event objects the double hands to listeners: what main's handlers call on them.
import type { EventEmitter } from 'node:events';

/** Electron's `Event` as main uses it: listeners may cancel the default action. */
export class ElectronEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

/** Emits `name` with a fresh event first; returns that event (`defaultPrevented` says who won). */
export function emitCancellable(
  emitter: EventEmitter,
  name: string,
  ...args: unknown[]
): ElectronEvent {
  const event = new ElectronEvent();
  emitter.emit(name, event, ...args);
  return event;
}
