// Recent checks and incidents, persisted as JSON lines (one file per UTC day, 7 days kept) under
// stateDir/history. A corrupt line is skipped, never fatal; a failed write is logged, never thrown.
import { appendFile, mkdir, readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { isProblemId } from '../../../shared/health';
import type { HealthSnapshot, Level, ProblemId } from '../../../shared/health';
import { LEVELS, worstLevel } from '../../../shared/health';
import type { HistoryPoint, HistorySummary, Incident } from '../../../shared/history';
import { uptime } from '../../../shared/uptime';
import type { Logger } from '../log';

const DAY_MS = 24 * 60 * 60 * 1000;
export const KEEP_DAYS = 7;
const FILE_PATTERN = /^history-(\d{4}-\d{2}-\d{2})\.jsonl$/;
const MAX_POINTS = 3000;
const MAX_INCIDENTS = 200;

interface CheckLine {
  t: 'check';
  at: string;
  level: Level;
  ids: ProblemId[];
}
interface IncidentLine {
  t: 'incident';
  startedAt: string;
  endedAt?: string;
  level: Level;
  ids: ProblemId[];
}
type Line = CheckLine | IncidentLine;

function isLevel(value: unknown): value is Level {
  return typeof value === 'string' && (LEVELS as readonly string[]).includes(value);
}

function parseLine(raw: string): Line | undefined {
  try {
    const value = JSON.parse(raw) as Record<string, unknown>;
    const idsOk = Array.isArray(value.ids) && value.ids.every(isProblemId);
    if (!idsOk || !isLevel(value.level)) return undefined;
    const ids = value.ids as ProblemId[];
    if (
      value.t === 'check' &&
      typeof value.at === 'string' &&
      Number.isFinite(Date.parse(value.at))
    ) {
      return { t: 'check', at: value.at, level: value.level, ids };
    }
    if (value.t === 'incident' && typeof value.startedAt === 'string') {
      const line: IncidentLine = {
        t: 'incident',
        startedAt: value.startedAt,
        level: value.level,
        ids,
      };
      if (typeof value.endedAt === 'string') line.endedAt = value.endedAt;
      return line;
    }
  } catch {
    // Corrupt line (a crash mid-write, a hand edit): skip it.
  }
  return undefined;
}

/** An incident is a stretch of checks at warning or error. */
function isTrouble(level: Level): boolean {
  return level === 'warning' || level === 'error';
}

export class History {
  private points: Array<HistoryPoint & { ids: ProblemId[] }> = [];
  private incidents: Incident[] = [];
  private open: Incident | undefined;
  private writes: Promise<void> = Promise.resolve();
  private loaded: Promise<void> | undefined;
  private lastDay: string | undefined;
  private readonly dir: string;

  constructor(
    stateDir: string,
    private readonly now: () => number,
    private readonly log: Logger,
  ) {
    this.dir = join(stateDir, 'history');
  }

  /** Reads the kept days and drops older files. Safe to call more than once. */
  load(): Promise<void> {
    this.loaded ??= this.readAll().catch((error: unknown) => {
      this.log('warn', `History could not be read: ${String(error)}`);
    });
    return this.loaded;
  }

  /** Records one check; opens, extends or closes the incident it belongs to. */
  record(snapshot: HealthSnapshot): void {
    if (snapshot.status !== 'checked') return;
    const ids = snapshot.problems.map((p) => p.id);
    const lines: Line[] = [{ t: 'check', at: snapshot.checkedAt, level: snapshot.level, ids }];
    this.points.push({ at: snapshot.checkedAt, level: snapshot.level, ids });
    this.trimPoints();

    if (isTrouble(snapshot.level)) {
      if (!this.open) {
        this.open = { startedAt: snapshot.checkedAt, level: snapshot.level, problemIds: [...ids] };
        this.incidents.unshift(this.open);
        lines.push(this.incidentLine(this.open));
      } else {
        const before = `${this.open.level}|${this.open.problemIds.join(',')}`;
        this.open.level = worstLevel(this.open.level, snapshot.level);
        for (const id of ids) if (!this.open.problemIds.includes(id)) this.open.problemIds.push(id);
        if (before !== `${this.open.level}|${this.open.problemIds.join(',')}`) {
          lines.push(this.incidentLine(this.open));
        }
      }
    } else if (this.open) {
      this.open.endedAt = snapshot.checkedAt;
      this.open.durationMs = Math.max(
        0,
        Date.parse(snapshot.checkedAt) - Date.parse(this.open.startedAt),
      );
      lines.push(this.incidentLine(this.open));
      this.open = undefined;
    }
    this.incidents.splice(MAX_INCIDENTS);
    this.append(lines, snapshot.checkedAt);
  }

  summary(): HistorySummary {
    const since = this.now() - DAY_MS;
    const points = this.points
      .filter((p) => Date.parse(p.at) >= since)
      .map(({ at, level }) => ({ at, level }));
    return {
      points,
      incidents: this.incidents.map((i) => ({ ...i, problemIds: [...i.problemIds] })),
      uptime24h: uptime(points, this.now()),
    };
  }

  /** Waits for pending writes. */
  flush(): Promise<void> {
    return this.writes;
  }

  private incidentLine(incident: Incident): IncidentLine {
    const line: IncidentLine = {
      t: 'incident',
      startedAt: incident.startedAt,
      level: incident.level,
      ids: [...incident.problemIds],
    };
    if (incident.endedAt) line.endedAt = incident.endedAt;
    return line;
  }

  private trimPoints(): void {
    const since = this.now() - DAY_MS;
    while (this.points.length > 0) {
      const first = this.points[0];
      if (first && (this.points.length > MAX_POINTS || Date.parse(first.at) < since))
        this.points.shift();
      else break;
    }
  }

  private append(lines: Line[], at: string): void {
    const day = at.slice(0, 10);
    const file = join(this.dir, `history-${day}.jsonl`);
    const text = lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
    // A monitor runs for weeks: rotate when the day changes, not only at start.
    const newDay = this.lastDay !== undefined && this.lastDay !== day;
    this.lastDay = day;
    this.writes = this.writes
      .then(async () => {
        await mkdir(this.dir, { recursive: true, mode: 0o700 });
        await appendFile(file, text, { mode: 0o600 });
        if (newDay) await this.rotate();
      })
      .catch((error: unknown) => this.log('warn', `History could not be saved: ${String(error)}`));
  }

  /** Deletes day files older than KEEP_DAYS; returns the kept ones, oldest first. */
  private async rotate(): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return []; // no history yet
    }
    const oldest = new Date(this.now() - KEEP_DAYS * DAY_MS).toISOString().slice(0, 10);
    const kept: string[] = [];
    for (const name of names.sort()) {
      const day = FILE_PATTERN.exec(name)?.[1];
      if (!day) continue;
      if (day < oldest) await unlink(join(this.dir, name)).catch(() => undefined);
      else kept.push(name);
    }
    return kept;
  }

  private async readAll(): Promise<void> {
    const kept = await this.rotate();
    const byStart = new Map<string, Incident>();
    for (const name of kept) {
      const text = await readFile(join(this.dir, name), 'utf8').catch(() => '');
      for (const raw of text.split('\n')) {
        if (!raw.trim()) continue;
        const line = parseLine(raw);
        if (!line) continue;
        if (line.t === 'check') {
          this.points.push({ at: line.at, level: line.level, ids: line.ids });
        } else {
          const incident: Incident = {
            startedAt: line.startedAt,
            level: line.level,
            problemIds: line.ids,
          };
          if (line.endedAt) {
            incident.endedAt = line.endedAt;
            incident.durationMs = Math.max(
              0,
              Date.parse(line.endedAt) - Date.parse(line.startedAt),
            );
          }
          byStart.set(line.startedAt, incident); // the newest line of an incident wins
        }
      }
    }
    this.points.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    this.trimPoints();
    // Merge loaded incidents with any recorded since start (start order, newest first).
    for (const incident of this.incidents) byStart.set(incident.startedAt, incident);
    this.incidents = [...byStart.values()]
      .sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt))
      .slice(0, MAX_INCIDENTS);
    // An incident left open by a previous run ended when that run stopped checking.
    const lastPoint = this.points.at(-1);
    for (const incident of this.incidents) {
      if (!incident.endedAt && incident !== this.open) {
        const end =
          lastPoint && lastPoint.at >= incident.startedAt ? lastPoint.at : incident.startedAt;
        incident.endedAt = end;
        incident.durationMs = Math.max(0, Date.parse(end) - Date.parse(incident.startedAt));
      }
    }
  }
}

export { uptime };
