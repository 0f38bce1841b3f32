// Snapshots → transitions, with damping (Syncthing Tray / CCMenu style):
// - every change of level or problem set is a transition, notify-worthy only once it held for
//   `holdChecks` consecutive checks or `holdMs`;
// - nothing is notify-worthy within `graceMs` of start or resume (a laptop waking up);
// - at most one notify-worthy transition per `holdMs` window (flapping);
// - a notify-worthy transition compares with what was last announced, so a recovery is
//   announced once, and only after a breakage was.
import type { HealthSnapshot, Level, ProblemId } from '../../../shared/health';
import type { Transition } from '../engine-types';

export interface Damping {
  graceMs: number;
  holdChecks: number;
  holdMs: number;
}

export const DEFAULT_DAMPING: Damping = { graceMs: 15_000, holdChecks: 2, holdMs: 20_000 };

function keyOf(snapshot: Pick<HealthSnapshot, 'level' | 'problems'>): string {
  return `${snapshot.level}|${snapshot.problems
    .map((p) => p.id)
    .sort()
    .join(',')}`;
}

function ids(snapshot: HealthSnapshot): ProblemId[] {
  return snapshot.problems.map((p) => p.id);
}

function transition(
  previous: HealthSnapshot,
  snapshot: HealthSnapshot,
  notifyWorthy: boolean,
): Transition {
  const before = new Set(ids(previous));
  const after = new Set(ids(snapshot));
  const added = [...after].filter((id) => !before.has(id));
  const removed = [...before].filter((id) => !after.has(id));
  const to: Level = snapshot.level;
  const kind: Transition['kind'] = added.length > 0 ? 'broken' : to === 'ok' ? 'fixed' : 'changed';
  return { from: previous.level, to, previous, snapshot, added, removed, kind, notifyWorthy };
}

export class TransitionDamper {
  private last: HealthSnapshot | undefined;
  /** What the trader was last told about (starts as "all fine": the first ok is not news). */
  private announced: HealthSnapshot | undefined;
  private streak = 0;
  private streakSince = 0;
  private quietUntil = 0;
  private lastNotifiedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly now: () => number,
    private readonly damping: Damping = DEFAULT_DAMPING,
  ) {}

  /** Start or resume: nothing is notify-worthy during the grace period. */
  quiet(): void {
    this.quietUntil = this.now() + this.damping.graceMs;
  }

  /** Forget the past (new server URL, sign-out): the next snapshot is a new baseline. */
  reset(): void {
    this.last = undefined;
    this.announced = undefined;
    this.streak = 0;
  }

  /**
   * The transitions this snapshot causes (zero, one, or a raw change plus an announcement).
   * `confirmed`: the engine saw the cause happen on this computer (NinjaTrader's process exited),
   * so the change needs no second check to be believed; grace and flap limits still apply.
   */
  observe(snapshot: HealthSnapshot, options: { confirmed?: boolean } = {}): Transition[] {
    const now = this.now();
    const out: Transition[] = [];
    const previous = this.last;
    const key = keyOf(snapshot);
    const changed = previous === undefined || keyOf(previous) !== key;
    if (changed) {
      this.streak = 1;
      this.streakSince = now;
    } else {
      this.streak++;
    }
    this.last = snapshot;
    // Paused and pending snapshots say nothing about the chain.
    if (snapshot.status !== 'checked') {
      if (previous && changed) out.push(transition(previous, snapshot, false));
      return out;
    }
    const announced = this.announced ?? { ...snapshot, level: 'ok' as Level, problems: [] };
    const news = keyOf(announced) !== key;
    const held =
      options.confirmed === true ||
      this.streak >= this.damping.holdChecks ||
      now - this.streakSince >= this.damping.holdMs;
    const allowed = now >= this.quietUntil && now - this.lastNotifiedAt >= this.damping.holdMs;
    if (news && held && allowed) {
      this.announced = snapshot;
      this.lastNotifiedAt = now;
      out.push(transition(announced, snapshot, true));
      return out;
    }
    if (!news && !this.announced) this.announced = snapshot;
    if (previous && changed) out.push(transition(previous, snapshot, false));
    return out;
  }
}
