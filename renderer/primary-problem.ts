// Which problem the window leads with (Header and Status view agree on it).
import type { Problem } from '../shared/health';
import type { AppState } from '../shared/ipc';

/** The problem the Status view leads with: the one a notification pointed at, else the root cause. */
export function primaryProblem(app: AppState): Problem | undefined {
  const { problems } = app.snapshot;
  const focused = app.focusProblem && problems.find((p) => p.id === app.focusProblem);
  return focused || problems[0];
}
