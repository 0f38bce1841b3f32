// The check history as the window and the support report see it: a strip of recent checks and
// the incidents (runs of problems) of the last days.
import type { Level, ProblemId } from './health';

export interface HistoryPoint {
  at: string;
  level: Level;
}

export interface Incident {
  startedAt: string;
  endedAt?: string;
  level: Level;
  problemIds: ProblemId[];
  durationMs?: number;
}

export interface HistorySummary {
  /** Recent checks, oldest first, for the 24-hour strip. */
  points: HistoryPoint[];
  /** Newest first. */
  incidents: Incident[];
  /** Share of the last 24 h spent `ok`, 0..1; null before any check. */
  uptime24h: number | null;
}
