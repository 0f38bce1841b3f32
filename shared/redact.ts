// Redaction: every output that can leave the machine (report, logs, CLI, window) goes through here.
// Removes tokens and secrets, emails, account identifiers (aliased "Account A", "Account B", …)
// and money amounts, following the "never include" list of crosstrade-mcp.md §5.

export interface RedactOptions {
  /** Known account names/ids, aliased in this order: the first becomes "Account A". */
  aliases?: readonly string[];
}

const REDACTED = '[redacted]';
const AMOUNT = '[amount]';
const EMAIL = '[email]';

/** Keys whose whole value is a secret. */
const SECRET_KEY =
  /(token|secret|password|passphrase|authorization|cookie|api[_-]?key|^key$|code_verifier|^code$|credential)/i;
/** Keys whose numeric value is money. */
const MONEY_KEY =
  /(balance|pnl|p&l|profit|loss|equity|cash|buying_?power|net_?liq|margin|commission)/i;
/** Keys whose value names an account. */
const ACCOUNT_KEY = /^(account|account_?id|account_?name|account_?number|funded_?account)$/i;
const ACCOUNT_CONTAINER_KEY = /accounts?/i;

const TEXT_RULES: Array<[RegExp, string]> = [
  // `Authorization: Bearer …`, `authorization=…` in pasted headers or logs.
  [/(authorization["']?\s*[:=]\s*["']?)(?:bearer\s+|basic\s+)?[^\s"',;}]+/gi, `$1${REDACTED}`],
  // A bearer credential (RFC 6750 b64token, 12+ chars); not an auth-param such as
  // `Bearer resource_metadata="…"`, nor prose like "missing bearer token".
  [/\b(bearer\s+)(?![A-Za-z_]+=)[A-Za-z0-9\-._~+/]{12,}=*/gi, `$1${REDACTED}`],
  // key=value and "key": "value" pairs naming a secret.
  [
    /(["']?\b(?:access_token|refresh_token|id_token|token|client_secret|secret(?:_key)?|webhook_secret|secret key|api_key|password|code_verifier|code)\b["']?\s*[:=]\s*["']?)(?!-?\d+\b)[^\s"'&,;}]+/gi,
    `$1${REDACTED}`,
  ],
  // JWT-like: three base64url parts starting with a JSON header.
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, REDACTED],
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, EMAIL],
  // Money after a balance/PnL-like word, in pasted JSON (`"pnl": -3`), logs (`pnl=-3`) or prose
  // (`PnL -312.50`), including the accounting form for a loss, `(312.50)`.
  [
    /(["']?\b\w*(?:balance|pnl|p&l|profit|loss|equity|cash|buying_?power|net_?liq)\w*\b["']?(?:\s*[:=]\s*|\s+))["']?(?:-?\$?[\d,]+(?:\.\d+)?|\(\$?[\d,]+(?:\.\d+)?\))["']?/gi,
    `$1${AMOUNT}`,
  ],
  [/-?\$\s?\d[\d,]*(?:\.\d+)?/g, AMOUNT],
];

/** Long opaque runs: 20+ chars with letters and digits, or 32+ with mixed case. */
const OPAQUE_RUN = /[A-Za-z0-9_\-~+=]{20,}/g;
/** Lowercase words joined by `_` or `-` (`nt8_strategy_analyzer`, `job-ttl-minutes`): names, not secrets. */
const SNAKE_WORDS = /^[a-z][a-z0-9]{0,15}(?:[_-][a-z0-9]{1,16})+$/;
function looksLikeSecret(run: string): boolean {
  if (SNAKE_WORDS.test(run)) return false;
  const hasDigit = /\d/.test(run);
  const hasLetter = /[A-Za-z]/.test(run);
  if (hasDigit && hasLetter) return true;
  return run.length >= 32 && /[a-z]/.test(run) && /[A-Z]/.test(run);
}

/**
 * Funded/broker account ids by shape alone: capital letters then 4+ digits, as in APEX1234,
 * TST-55012, PA-APEX-12345-01, TPT123456. Four digits keep algorithm names (RS256, SHA512) out.
 */
const ACCOUNT_ID = /\b(?:[A-Z]{2,}-?)+\d{4,}(?:-\d+)*\b/g;
/** Standards with the same shape (ISO8601, RFC6750, ES2022, CVE-2024-1234): not accounts. */
const NOT_AN_ACCOUNT = /^(?:ISO|RFC|ES|ECMA|CVE|UTF|IEEE)-?\d/;
/**
 * Any id named as an account in prose or pasted text, whatever its shape: `account 12345678`,
 * `Account #APX-77`, `"accountId": "..."`. It must hold 2+ digits, so `account balance` stays.
 */
const ACCOUNT_IN_CONTEXT =
  /\b(account(?:[ _-]?(?:id|no\.?|number|name))?)(["']?\s*[:=#]\s*["']?|\s+#?)([A-Za-z0-9][\w-]*)/gi;

class Redactor {
  private readonly aliasOf = new Map<string, string>();

  constructor(aliases: readonly string[]) {
    for (const name of aliases) this.alias(name);
  }

  private alias(name: string): string {
    const known = this.aliasOf.get(name);
    if (known) return known;
    const label = `Account ${letters(this.aliasOf.size)}`;
    this.aliasOf.set(name, label);
    return label;
  }

  text(input: string): string {
    let out = input;
    // Longest names first so "Sim101-B" is not half-replaced by "Sim101".
    const names = [...this.aliasOf.keys()]
      .filter((n) => n.length > 0)
      .sort((a, b) => b.length - a.length);
    for (const name of names) out = out.split(name).join(this.aliasOf.get(name) ?? REDACTED);
    for (const [pattern, replacement] of TEXT_RULES) out = out.replace(pattern, replacement);
    out = out.replace(ACCOUNT_IN_CONTEXT, (match, label: string, sep: string, id: string) =>
      /\d.*\d/.test(id) ? `${label}${sep}${this.alias(id)}` : match,
    );
    out = out.replace(ACCOUNT_ID, (id) => (NOT_AN_ACCOUNT.test(id) ? id : this.alias(id)));
    return out.replace(OPAQUE_RUN, (run) => (looksLikeSecret(run) ? REDACTED : run));
  }

  value(input: unknown, key: string, parentKey: string, seen: WeakSet<object>): unknown {
    // Secrets are strings: `refreshTokenPresent: true` or a JSON-RPC `code: -32001` are not.
    if (SECRET_KEY.test(key) && typeof input === 'string') return REDACTED;
    if (MONEY_KEY.test(key) && (typeof input === 'number' || typeof input === 'string'))
      return AMOUNT;
    // `name` or `id` inside an `accounts` list names an account, however short (`APX-77`).
    const namesAccount =
      ACCOUNT_KEY.test(key) ||
      ((key === 'name' || key === 'id') && ACCOUNT_CONTAINER_KEY.test(parentKey));
    if (namesAccount && (typeof input === 'string' || typeof input === 'number')) {
      return this.alias(String(input));
    }
    if (typeof input === 'string') return this.text(input);
    if (typeof input !== 'object' || input === null) return input;
    if (seen.has(input)) return '[circular]';
    seen.add(input);
    if (Array.isArray(input)) return input.map((item) => this.value(item, key, parentKey, seen));
    const out: Record<string, unknown> = {};
    for (const [childKey, child] of Object.entries(input)) {
      out[this.text(childKey)] = this.value(child, childKey, key, seen);
    }
    return out;
  }
}

function letters(index: number): string {
  // A…Z, then AA, AB, …
  let n = index;
  let label = '';
  do {
    label = String.fromCharCode(65 + (n % 26)) + label;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return label;
}

/** One redactor shared across calls, so the same account keeps the same alias in one report. */
export function createRedactor(options: RedactOptions = {}): <T>(input: T) => T {
  const redactor = new Redactor(options.aliases ?? []);
  return <T>(input: T): T =>
    (typeof input === 'string'
      ? redactor.text(input)
      : redactor.value(input, '', '', new WeakSet())) as T;
}

/** Redacts a string or a JSON-like value (returns a redacted copy; never mutates the input). */
export function redact<T>(input: T, options: RedactOptions = {}): T {
  return createRedactor(options)(input);
}
