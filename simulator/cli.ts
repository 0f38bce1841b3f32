/**
 * `npm run sim -- [--port N] [--scenario NAME] [scenario options] [--json-responses]`
 *
 * First stdout line: `MCP_URL=http://127.0.0.1:PORT/v1/api/mcp`, then one line per request.
 * Exit status: 0 after SIGINT/SIGTERM, 64 for bad usage, 1 when the server cannot start.
 */
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { SCOPES, startSimulator } from './index.js';
import type { Scope, Simulator, SimulatorOptions } from './index.js';
import {
  ADDON_ENCODINGS,
  parseScenario,
  SCENARIO_NAMES,
  SCENARIO_OPTION_NAMES,
  ScenarioError,
} from './scenarios.js';
import type { ScenarioName } from './scenarios.js';

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

const USAGE = `Usage: npm run sim -- [options]

  --port N                 listen on 127.0.0.1:N (default 0: any free port)
  --scenario NAME          start in this scenario (default healthy)
  --json-responses         answer POSTs with JSON instead of SSE streams
  --challenge STYLE        401 form: resource_metadata (default) or realm
  --registration-limit     limit client registration to 10 per hour per IP
  --grantable-scopes LIST  scopes the simulated user grants (default "mcp:read,mcp:trade")
  --access-token-ttl SEC   access-token lifetime (default 3600)
  --issuer URL             advertise another OAuth issuer (provokes an issuer mismatch)
  --help                   show this help

Scenario options (see README): ${SCENARIO_OPTION_NAMES.map((n) => `--${kebab(n)}`).join(', ')}
  e.g. --scenario addon_disconnected --encoding tool_error
Scenarios: ${SCENARIO_NAMES.join(', ')}
Add-on encodings: ${ADDON_ENCODINGS.join(', ')}

Switch at run time: curl -X POST <origin>/__sim/scenario -d '{"scenario":"slow","ms":3000}'
Counters: GET <origin>/__sim/stats   Current scenario: GET <origin>/__sim/state`;

class UsageError extends Error {}

const flags = {
  port: { type: 'string' },
  scenario: { type: 'string' },
  'json-responses': { type: 'boolean' },
  challenge: { type: 'string' },
  'registration-limit': { type: 'boolean' },
  'grantable-scopes': { type: 'string' },
  'access-token-ttl': { type: 'string' },
  issuer: { type: 'string' },
  help: { type: 'boolean' },
  ...Object.fromEntries(SCENARIO_OPTION_NAMES.map((n) => [kebab(n), { type: 'string' }])),
} satisfies ParseArgsConfig['options'];

function integer(value: string, flag: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) {
    throw new UsageError(`--${flag} must be an integer from ${min} to ${max}, got "${value}"`);
  }
  return n;
}

/** Turns the command line into simulator options; throws UsageError for anything wrong. */
function parseCommandLine(argv: string[]): SimulatorOptions | 'help' {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: argv, options: flags, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return 'help';
  const str = (key: string) => (typeof values[key] === 'string' ? values[key] : undefined);

  const scenario = str('scenario') ?? 'healthy';
  const scenarioOptions: Record<string, unknown> = {};
  for (const name of SCENARIO_OPTION_NAMES) {
    const raw = str(kebab(name));
    if (raw !== undefined) scenarioOptions[name] = /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
  }
  try {
    parseScenario(scenario, scenarioOptions);
  } catch (error) {
    if (error instanceof ScenarioError) throw new UsageError(error.message);
    throw error;
  }

  const options: SimulatorOptions = {
    scenario: scenario as ScenarioName,
    scenarioOptions,
    jsonResponses: values['json-responses'] === true,
    registrationLimit: values['registration-limit'] === true,
  };
  const port = str('port');
  if (port !== undefined) options.port = integer(port, 'port', 0, 65535);
  const challenge = str('challenge');
  if (challenge !== undefined) {
    if (challenge !== 'resource_metadata' && challenge !== 'realm') {
      throw new UsageError(`--challenge must be resource_metadata or realm, got "${challenge}"`);
    }
    options.challenge = challenge;
  }
  const scopes = str('grantable-scopes');
  if (scopes !== undefined) {
    const list = scopes.split(/[\s,]+/).filter(Boolean);
    const bad = list.filter((s) => !(SCOPES as readonly string[]).includes(s));
    if (bad.length > 0 || list.length === 0) {
      throw new UsageError(`--grantable-scopes takes ${SCOPES.join(', ')}; got "${scopes}"`);
    }
    options.grantableScopes = list as Scope[];
  }
  const ttl = str('access-token-ttl');
  if (ttl !== undefined) options.accessTokenTtlSec = integer(ttl, 'access-token-ttl', 1, 31536000);
  const issuer = str('issuer');
  if (issuer !== undefined) options.issuer = issuer;
  return options;
}

async function main(): Promise<number | undefined> {
  let options: SimulatorOptions | 'help';
  try {
    options = parseCommandLine(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`sim: ${error.message}\nRun with --help for usage.\n`);
    return 64;
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const write = (line: string) => process.stdout.write(`${line}\n`);
  let sim: Simulator;
  try {
    sim = await startSimulator({ ...options, log: write });
  } catch (error) {
    process.stderr.write(`sim: cannot start: ${(error as Error).message}\n`);
    return 1;
  }
  const stop = () => {
    void sim.close().then(() => process.exit(0));
  };
  // Handlers first: a supervisor may signal as soon as it reads the URL.
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  write(`MCP_URL=${sim.url}`);
  process.stderr.write(
    `CrossTrade MCP simulator, scenario ${sim.state().scenario}. ` +
      `Control: POST ${sim.origin}/__sim/scenario, GET ${sim.origin}/__sim/stats. Ctrl+C stops.\n`,
  );
  return undefined; // keep running until a signal
}

main().then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`sim: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
