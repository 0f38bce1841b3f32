// The text `doctor clients` prints: each detected client with its CrossTrade entries, then the
// problems with their fixes. Input is an already redacted report.
import {
  positionText,
  type ClientAuditReport,
  type ClientEntryStatus,
  type EntryTransport,
} from '../shared/client-audit';

const TRANSPORT: Record<EntryTransport, string> = {
  'streamable-http': 'Streamable HTTP',
  sse: 'SSE',
  stdio: 'local program',
};

function entryLine(entry: ClientEntryStatus): string {
  const name =
    entry.project !== undefined ? `${entry.name} (project ${entry.project})` : entry.name;
  const address = entry.url ?? (entry.via ? `runs ${entry.via}` : 'no address');
  const via = entry.url !== undefined && entry.via ? ` via ${entry.via}` : '';
  const disabled = entry.disabled ? ', disabled' : '';
  return `  [${entry.status}] ${name} - ${address}${via} (${TRANSPORT[entry.transport]}${disabled})`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** What "none found" must add so that it never reads as "all is well". */
export const WEB_CONNECTORS_NOTE =
  "Connectors added inside Claude's or ChatGPT's web settings (claude.ai, chatgpt.com) live in your account, not on this computer, and cannot be audited from here: check them there.";

/** "Looked in 18 places: …", one place a line. */
function searchedLines(searched: readonly string[] | undefined): string[] {
  if (!searched || searched.length === 0) return [];
  return [
    `Looked in ${plural(searched.length, 'place')}:`,
    ...searched.map((place) => `  ${place}`),
  ];
}

export function formatClientReport(report: ClientAuditReport): string {
  const { clients, findings } = report;
  if (clients.length === 0) {
    const lines = [
      'No AI client configuration file found on this computer.',
      ...searchedLines(report.searched),
      '',
      WEB_CONNECTORS_NOTE,
    ];
    return `${lines.join('\n')}\n`;
  }
  const lines = [
    `CrossTrade in your AI clients: ${plural(clients.length, 'configuration file')}, ${plural(findings.length, 'problem')}`,
    '',
  ];
  for (const client of clients) {
    lines.push(`${client.client}  ${client.file}`);
    if (client.parseError) {
      const where = positionText(client.parseError);
      lines.push(`  [problem] cannot be read: ${client.parseError.message}${where}`);
    }
    lines.push(...client.entries.map(entryLine));
    if (client.note) lines.push(`  [note] ${client.note}`);
    else if (!client.parseError && client.entries.length === 0)
      lines.push('  [none] no CrossTrade entry');
  }
  lines.push('');
  const withCrossTrade = clients.some((client) => client.status !== 'none');
  if (findings.length === 0 && !withCrossTrade) {
    lines.push(
      'No CrossTrade entry in any of these files.',
      ...searchedLines(report.searched),
      '',
      WEB_CONNECTORS_NOTE,
    );
  } else if (findings.length === 0) {
    lines.push('No problems: every CrossTrade entry found is set up correctly.');
  } else {
    lines.push(
      `${plural(findings.length, 'problem')} to fix (the monitor never edits these files):`,
    );
    findings.forEach((finding, index) => {
      const entry = finding.entry !== undefined ? ` - ${finding.entry}` : '';
      lines.push('', `${index + 1}. ${finding.client}${entry} (${finding.file})`);
      lines.push(`   ${finding.problem}`, `   Fix: ${finding.fix}`);
    });
  }
  return `${lines.join('\n')}\n`;
}
