// Pure decision: no Electron, no I/O; the adapters apply it.
//
// Which transition becomes a desktop notification. Small policy objects in the manner of Mullvad's
// notification controller: each kind has a severity, a throttle and a settings toggle.
// - Flap damping is the engine's: a transition that is not `notifyWorthy` never notifies.
// - At most one notification per kind per 10 minutes.
// - None while the window is focused or notifications are paused.
// - Recovery only after an error notification was actually shown.
// - An outdated add-on once per add-on version.
// - The controller shows one notification at a time: a newer one replaces the older.
import { CATALOG } from '../../shared/catalog';
import type { Level, ProblemId } from '../../shared/health';
import type { Settings } from '../../shared/settings';
import type { Transition } from '../monitor/engine-types';

export type NotificationKind = keyof Settings['notifications'];

export const THROTTLE_MS = 10 * 60 * 1000;
export const BODY_MAX = 200;

/** What the policy remembers between transitions (persisted by the shell). */
export interface NotificationMemory {
  /** Epoch ms of the last notification shown, per kind. */
  lastShownAt: Partial<Record<NotificationKind, number>>;
  /** An error-level notification was shown and the chain has not recovered since. */
  errorNotified: boolean;
  /** Add-on versions already announced as outdated. */
  outdatedVersions: string[];
}

export const EMPTY_MEMORY: NotificationMemory = {
  lastShownAt: {},
  errorNotified: false,
  outdatedVersions: [],
};

export interface NotificationContext {
  now: number;
  windowFocused: boolean;
  paused: boolean;
  toggles: Settings['notifications'];
}

export interface PlannedNotification {
  kind: NotificationKind;
  /** The problem a click opens the window on; absent for recovery. */
  problemId?: ProblemId;
  level: Level;
  title: string;
  body: string;
}

export type SuppressReason =
  | 'not_worthy'
  | 'nothing_to_tell'
  | 'disabled'
  | 'already_announced'
  | 'paused'
  | 'focused'
  | 'throttled';

export type NotificationDecision =
  | { show: true; notification: PlannedNotification; memory: NotificationMemory }
  | { show: false; reason: SuppressReason; memory: NotificationMemory };

const UNKNOWN_VERSION = 'unknown';

function clip(text: string): string {
  return text.length > BODY_MAX ? `${text.slice(0, BODY_MAX - 1).trimEnd()}…` : text;
}

function addonVersion(transition: Transition): string {
  return transition.snapshot.capabilities?.addonVersion ?? UNKNOWN_VERSION;
}

function planProblem(
  transition: Transition,
  id: ProblemId,
  kind: NotificationKind,
): PlannedNotification {
  const problem = transition.snapshot.problems.find((p) => p.id === id);
  const entry = CATALOG[id];
  const firstStep = (problem?.steps ?? entry.steps)[0]?.text;
  const body = firstStep ? `${firstStep} Click for the full checklist.` : entry.summary;
  return {
    kind,
    problemId: id,
    level: problem?.level ?? entry.level,
    title: problem?.title ?? entry.title,
    body: clip(body),
  };
}

function planRecovery(transition: Transition): PlannedNotification {
  const fixed = transition.removed
    .map((id) => transition.previous.problems.find((p) => p.id === id)?.title ?? CATALOG[id].title)
    .slice(0, 2);
  const body = fixed.length > 0 ? `Resolved: ${fixed.join('; ')}.` : 'Every check passes again.';
  return {
    kind: 'recovery',
    level: 'ok',
    title: 'CrossTrade MCP is working again',
    body: clip(body),
  };
}

/** The notify-worthy problems this transition started, root cause first. */
function candidates(transition: Transition): Array<{ id: ProblemId; kind: NotificationKind }> {
  const added = new Set(transition.added);
  const out: Array<{ id: ProblemId; kind: NotificationKind }> = [];
  for (const problem of transition.snapshot.problems) {
    const kind = CATALOG[problem.id].notify;
    if (added.has(problem.id) && kind) out.push({ id: problem.id, kind });
  }
  return out;
}

export function decideNotification(
  transition: Transition,
  memory: NotificationMemory,
  context: NotificationContext,
): NotificationDecision {
  // The engine reports a return to ok twice: at once, damped (not notify-worthy), then once it
  // held. Only the announced one ends the incident; ending it on the damped one would leave the
  // trader with an alert and never the recovery that answers it.
  if (!transition.notifyWorthy) return { show: false, reason: 'not_worthy', memory };
  const base: NotificationMemory =
    transition.to === 'ok' ? { ...memory, errorNotified: false } : memory;

  let planned: PlannedNotification | undefined;
  if (transition.kind === 'fixed' || transition.to === 'ok') {
    if (!memory.errorNotified) return { show: false, reason: 'nothing_to_tell', memory: base };
    if (!context.toggles.recovery) return { show: false, reason: 'disabled', memory: base };
    planned = planRecovery(transition);
  } else {
    const found = candidates(transition);
    if (found.length === 0) return { show: false, reason: 'nothing_to_tell', memory: base };
    const enabled = found.filter((c) => context.toggles[c.kind]);
    if (enabled.length === 0) return { show: false, reason: 'disabled', memory: base };
    const version = addonVersion(transition);
    const fresh = enabled.filter(
      (c) => c.kind !== 'outdated' || !memory.outdatedVersions.includes(version),
    );
    const first = fresh[0];
    if (!first) return { show: false, reason: 'already_announced', memory: base };
    planned = planProblem(transition, first.id, first.kind);
  }

  if (context.paused) return { show: false, reason: 'paused', memory: base };
  if (context.windowFocused) return { show: false, reason: 'focused', memory: base };
  const last = memory.lastShownAt[planned.kind];
  if (last !== undefined && context.now - last < THROTTLE_MS) {
    return { show: false, reason: 'throttled', memory: base };
  }

  const next: NotificationMemory = {
    lastShownAt: { ...base.lastShownAt, [planned.kind]: context.now },
    errorNotified:
      planned.kind === 'recovery' ? false : base.errorNotified || planned.level === 'error',
    outdatedVersions:
      planned.kind === 'outdated'
        ? [...base.outdatedVersions, addonVersion(transition)].slice(-20)
        : base.outdatedVersions,
  };
  return { show: true, notification: planned, memory: next };
}
