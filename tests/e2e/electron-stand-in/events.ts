// The event objects the stand-in hands to listeners: what main's handlers call on them.
import type { EventEmitter } from 'node:events';

/** Electron's `Event` as main uses it: listeners may cancel the default action. */
export class StandInEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

/** Emits `name` with a fresh event first; true when no listener prevented the default. */
export function emitCancellable(emitter: EventEmitter, name: string, ...args: unknown[]): boolean {
  const event = new StandInEvent();
  emitter.emit(name, event, ...args);
  return !event.defaultPrevented;
}
