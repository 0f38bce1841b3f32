// `npm run doctor`: checks the CrossTrade MCP chain from a terminal.
// The logic lives in cli/; this entry adds what only a process has: stdio,
// Ctrl-C, exit codes, and the simulator for --demo (the engine itself never imports it).
import { UsageError } from '../cli/args';
import { runClientsCommand } from '../cli/clients';
import { runDoctor } from '../cli/doctor';
import type { DoctorDeps } from '../cli/doctor';

const interrupt = new AbortController();
let interrupted = 0;
const onSignal = () => {
  interrupted++;
  if (interrupted > 1) process.exit(130); // a second Ctrl-C: leave now
  interrupt.abort();
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

/** Standard input to its end, or its first `limit` characters (`doctor explain` without TEXT). */
async function readStdin(limit: number): Promise<string> {
  if (process.stdin.isTTY) {
    process.stderr.write('Paste the error, then press Ctrl-D (Ctrl-Z and Enter on Windows).\n');
  }
  process.stdin.setEncoding('utf8');
  let text = '';
  for await (const chunk of process.stdin) {
    text += String(chunk);
    if (text.length >= limit) break;
  }
  return text.slice(0, limit);
}

const deps: DoctorDeps = {
  startDemo: async (scenario) => {
    const { startSimulator, parseScenario, ScenarioError } = await import('../simulator/index');
    try {
      const parsed = scenario === undefined ? undefined : parseScenario(scenario);
      return await startSimulator(parsed ? { scenario: parsed.name } : {});
    } catch (error) {
      throw error instanceof ScenarioError ? new UsageError(`--scenario: ${error.message}`) : error;
    }
  },
  // The AI-client audit writes to the process's own streams (doctor clients [--json] [--home DIR]).
  subcommands: {
    clients: (args) =>
      runClientsCommand(args, { stdout: process.stdout, stderr: process.stderr, env: process.env }),
  },
};

runDoctor(
  process.argv.slice(2),
  {
    stdout: (text) => process.stdout.write(`${text}\n`),
    stderr: (text) => process.stderr.write(`${text}\n`),
    isTTY: process.stdout.isTTY === true,
    env: process.env,
    readStdin,
    signal: interrupt.signal,
  },
  deps,
).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`doctor: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
