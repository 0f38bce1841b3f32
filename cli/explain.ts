// `doctor explain [TEXT]`: an error from the trader's AI client, matched to the known CrossTrade
// problems and read together with the monitor's live check. The paste itself is never printed
// nor logged: only what it matched, why, and the steps.
import { explainTitle, MAX_PASTE, UNKNOWN_ERROR, type ExplainResult } from '../shared/explain';
import type { HealthSnapshot } from '../shared/health';
import { UsageError } from './args';
import { snapshotJson, verdictLine, type Style } from './format';

/** Characters read from stdin at most; the matcher reads only the first MAX_PASTE of them. */
const STDIN_LIMIT = MAX_PASTE * 4;

export interface PasteSource {
  /** The words after `explain`. */
  rest: readonly string[];
  /** Reads standard input to its end, or at most `limit` characters. */
  readStdin?: (limit: number) => Promise<string>;
}

/** The pasted error: the arguments, or standard input when there are none. */
export async function readPaste(source: PasteSource): Promise<string> {
  let text = source.rest.join(' ');
  if (text.trim() === '' && source.readStdin) text = await source.readStdin(STDIN_LIMIT);
  if (text.trim() === '') {
    throw new UsageError(
      'explain needs the error text: npm run doctor -- explain "the error", or pipe it in.',
    );
  }
  return text;
}

/** The --json contract: the matches, the live check (or null) and the steps. */
export function explainJson(result: ExplainResult): Record<string, unknown> {
  return {
    matches: result.explanation.matches.map(({ id, confidence, why }) => ({
      id,
      confidence,
      why,
    })),
    live: result.live ? snapshotJson(result.live) : null,
    steps: result.steps,
  };
}

const MARK = { high: '●', medium: '◐', low: '○' } as const;

/** The human answer: what it is and why, what the live check adds, then the steps. */
export function explainHuman(result: ExplainResult, style: Style): string {
  const lines: string[] = [];
  const [top, ...others] = result.explanation.matches;
  const level = style.level(result.level, `● ${result.level.toUpperCase()}`);
  if (!top) {
    lines.push(`${level}  ${style.bold(UNKNOWN_ERROR)}`);
  } else {
    lines.push(
      `${level}  ${style.bold(explainTitle(top.id))} ${style.dim(`[${top.id}] (${top.confidence} confidence)`)}`,
    );
    lines.push(`  ${style.dim('Why:')} ${top.why}`);
    if (result.explanation.tool) lines.push(`  ${style.dim('Tool:')} ${result.explanation.tool}`);
    for (const other of others) {
      lines.push(
        `  ${style.dim(`Also possible ${MARK[other.confidence]}`)} ${explainTitle(other.id)} ${style.dim(`[${other.id}] (${other.confidence})`)}`,
      );
    }
  }
  lines.push('');
  lines.push(liveLine(result.live, style));
  lines.push('');
  lines.push(style.bold('What to do:'));
  result.steps.forEach((step, index) => lines.push(`  ${index + 1}. ${step.text}`));
  return lines.join('\n');
}

function liveLine(live: HealthSnapshot | null, style: Style): string {
  if (!live) {
    return `${style.dim('Live check:')} none (the monitor is not signed in here: npm run doctor -- login)`;
  }
  return `${style.dim('Live check:')} ${verdictLine(live, style)}`;
}
