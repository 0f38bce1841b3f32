// Redaction: every output that can leave the machine (report, logs, CLI, window) goes through here.
// Never sent: tokens, keys and other secrets, e-mail addresses, account names and ids (aliased
// "Account A", "Account B", …) and money amounts (balances, P&L, cash).
//
// Server text is untrusted and can be huge, and this runs on the app's main thread, so every pass
// is linear in its input: regexes whose matches can only be read one way, hand scanners where a
// regex would backtrack, and at most the first 64 KB of a string is kept.

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

/** Longest string redacted; the rest is counted, never output. */
const MAX_TEXT = 64 * 1024;
/**
 * Characters no secret value runs through (the value patterns below all stop at them): a secret
 * cut by the clip is dropped back to the last of these, so no piece of it is output.
 */
const VALUE_END = /[\s"';}]/;

type Pass = (text: string) => string;

const TEXT_PASSES: Pass[] = [
  // `Authorization: Bearer …`, `authorization=…` in pasted headers or logs.
  (text) =>
    text.replace(
      // Every scheme word before the credential (`Bearer Bearer abc…` too) goes with it.
      /(authorization["']?\s*[:=]\s*["']?)(?:(?:bearer|basic)\s+)*[^\s"',;}]+/gi,
      `$1${REDACTED}`,
    ),
  // A bearer credential (RFC 6750 b64token, 12+ chars); not an auth-param such as
  // `Bearer resource_metadata="…"`, nor prose like "missing bearer token".
  (text) =>
    text.replace(/\b(bearer\s+)(?![A-Za-z_]+=)[A-Za-z0-9\-._~+/]{12,}=*/gi, `$1${REDACTED}`),
  // key=value and "key": "value" pairs naming a secret.
  (text) =>
    text.replace(
      /(["']?\b(?:access_token|refresh_token|id_token|token|client_secret|secret(?:_key)?|webhook_secret|secret key|api_key|password|code_verifier|code)\b["']?\s*[:=]\s*["']?)(?!-?\d+\b)[^\s"'&,;}]+/gi,
      `$1${REDACTED}`,
    ),
  replaceJwts,
  replaceEmails,
  replaceMoneyAfterWords,
  (text) => text.replace(/-?\$\s?\d[\d,]*(?:\.\d+)?/g, AMOUNT),
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
  /** Known names by length, then by rolling hash, to find the ones a string holds in one pass. */
  private readonly byLength = new Map<number, Map<number, string[]>>();
  private readonly learned = new Map<string, number>();

  constructor(aliases: readonly string[]) {
    for (const name of aliases) this.alias(name);
  }

  private alias(name: string): string {
    const known = this.aliasOf.get(name);
    if (known) return known;
    const label = `Account ${letters(this.aliasOf.size)}`;
    this.learned.set(name, this.aliasOf.size);
    this.aliasOf.set(name, label);
    if (name.length > 0) {
      const byHash = this.byLength.get(name.length) ?? new Map<number, string[]>();
      this.byLength.set(name.length, byHash);
      const hash = windowHash(name, 0, name.length);
      byHash.set(hash, [...(byHash.get(hash) ?? []), name]);
    }
    return label;
  }

  /** Replaces each known account name in `input` by its alias. */
  private replaceNames(input: string): string {
    // Longest names first so "Sim101-B" is not half-replaced by "Sim101" (a stable sort: equal
    // lengths keep the order they were learned in).
    const longestFirst = (a: string, b: string): number => b.length - a.length;
    const replace = (text: string, names: string[]): string =>
      names
        .sort(longestFirst)
        .reduce((out, name) => out.split(name).join(this.aliasOf.get(name) ?? REDACTED), text);
    if (this.aliasOf.size <= FEW_NAMES) {
      return replace(
        input,
        [...this.aliasOf.keys()].filter((name) => name.length > 0),
      );
    }
    // Trying every one of many names on every string would be quadratic (a long list where each
    // entry names another account): try only the names the string holds. (A name that would only
    // appear across a label put in for another name is then left alone.)
    return replace(input, this.namesIn(input));
  }

  /** The known names `text` holds, in the order they were learned: one pass per name length. */
  private namesIn(text: string): string[] {
    const found = new Set<string>();
    for (const [length, byHash] of this.byLength) {
      if (length > text.length) continue;
      const drop = power(length - 1);
      let hash = windowHash(text, 0, length);
      for (let i = 0; ; i += 1) {
        for (const name of byHash.get(hash) ?? []) {
          if (text.startsWith(name, i)) found.add(name);
        }
        if (i + length >= text.length) break;
        hash = (hash - ((text.charCodeAt(i) * drop) % HASH_MOD) + HASH_MOD) % HASH_MOD;
        hash = (hash * HASH_BASE + text.charCodeAt(i + length)) % HASH_MOD;
      }
    }
    const learned = (name: string): number => this.learned.get(name) ?? 0;
    return [...found].sort((a, b) => learned(a) - learned(b));
  }

  text(input: string): string {
    if (input.length <= MAX_TEXT) return this.whole(input);
    // Cut back to where no secret can run on past the clip, and before a known name that does.
    let end = MAX_TEXT;
    if (!VALUE_END.test(input.charAt(end))) {
      while (end > 0 && !VALUE_END.test(input.charAt(end - 1))) end -= 1;
    }
    end = this.beforeCutName(input, end);
    return `${this.whole(input.slice(0, end))}…[${input.length - end} more characters]`;
  }

  /** `end`, or the start of a known account name that `end` cuts in two. */
  private beforeCutName(input: string, end: number): number {
    let cut = end;
    for (let moved = true; moved;) {
      moved = false;
      for (const name of this.aliasOf.keys()) {
        if (name.length < 2) continue;
        const from = Math.max(0, cut - name.length + 1);
        const at = input.slice(from, cut + name.length - 1).indexOf(name);
        if (at >= 0) {
          cut = from + at;
          moved = true;
        }
      }
    }
    return cut;
  }

  private whole(input: string): string {
    let out = this.replaceNames(input);
    for (const pass of TEXT_PASSES) out = pass(out);
    out = out.replace(ACCOUNT_IN_CONTEXT, (match, label: string, sep: string, id: string) =>
      /\d.*\d/.test(id) ? `${label}${sep}${this.alias(id)}` : match,
    );
    out = replaceAccountIds(out, (id) => (NOT_AN_ACCOUNT.test(id) ? id : this.alias(id)));
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

// Hand scanners for the patterns a regex engine would backtrack on: each reads a candidate one
// way only and skips every start the same read already ruled out, so each is linear.

const DOT = 46;
const DASH = 45;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isCapital = (c: number): boolean => c >= 65 && c <= 90;
const isLetter = (c: number): boolean => isCapital(c) || (c >= 97 && c <= 122);
/** `\w` without the `u` flag. */
const isWord = (c: number): boolean => isLetter(c) || isDigit(c) || c === 95;
const isBase64Url = (c: number): boolean => isWord(c) || c === DASH;
const isEmailLocal = (c: number): boolean =>
  isLetter(c) || isDigit(c) || c === DOT || c === 95 || c === 37 || c === 43 || c === DASH;
const isEmailDomain = (c: number): boolean => isLetter(c) || isDigit(c) || c === DOT || c === DASH;
const isCapitalOrDash = (c: number): boolean => isCapital(c) || c === DASH;

/** The first index at or after `from` whose character is not in the class. */
function skip(text: string, from: number, inClass: (c: number) => boolean): number {
  let i = from;
  while (i < text.length && inClass(text.charCodeAt(i))) i += 1;
  return i;
}

/**
 * JWT-like: `eyJ` (a JSON header) at a word start, then two dots each after 5+ base64url
 * characters, then the signature (may be empty).
 */
function replaceJwts(text: string): string {
  let out = '';
  let copied = 0;
  let from = 0;
  for (let at = text.indexOf('eyJ'); at >= 0; at = text.indexOf('eyJ', from)) {
    from = at + 1;
    if (at > 0 && isWord(text.charCodeAt(at - 1))) continue;
    const header = skip(text, at + 3, isBase64Url);
    // A later `eyJ` before `header` has the same part end, so it fails the same way.
    if (header - at - 3 < 5 || text.charCodeAt(header) !== DOT) {
      from = header;
      continue;
    }
    const payload = skip(text, header + 1, isBase64Url);
    if (payload - header - 1 < 5 || text.charCodeAt(payload) !== DOT) {
      from = header + 1;
      continue;
    }
    const signature = skip(text, payload + 1, isBase64Url);
    out += text.slice(copied, at) + REDACTED;
    copied = from = signature;
  }
  return out + text.slice(copied);
}

/**
 * E-mail addresses: a local part up to `@`, then a domain whose last dot (the rightmost one that
 * has 2+ letters after it) starts the top-level domain.
 */
function replaceEmails(text: string): string {
  let out = '';
  let copied = 0;
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > copied && isEmailLocal(text.charCodeAt(start - 1))) start -= 1;
    if (start === at) continue;
    const domainEnd = skip(text, at + 1, isEmailDomain);
    let dot = domainEnd - 1;
    while (
      dot >= at + 2 &&
      !(
        text.charCodeAt(dot) === DOT &&
        isLetter(text.charCodeAt(dot + 1)) &&
        isLetter(text.charCodeAt(dot + 2))
      )
    ) {
      dot -= 1;
    }
    if (dot < at + 2) continue;
    out += text.slice(copied, start) + EMAIL;
    copied = skip(text, dot + 1, isLetter);
  }
  return out + text.slice(copied);
}

/** A money word anywhere in a word: `balance`, `realized_pnl`, `cashValue`, `P&L`. */
const MONEY_WORD = /balance|pnl|p&l|profit|loss|equity|cash|buying_?power|net_?liq/gi;
/**
 * What follows a money word: a separator (`: `, `=`, spaces; group 1 keeps it) then a figure,
 * in pasted JSON (`"pnl": -3`), logs (`pnl=-3`), prose (`PnL -312.50`) or the accounting form
 * of a loss, `(312.50)`.
 */
const MONEY_TAIL =
  /(["']?(?:\s*[:=]\s*|\s+))["']?(?:-?\$?[\d,]+(?:\.\d+)?|\(\$?[\d,]+(?:\.\d+)?\))["']?/y;

/** Money after a whole word holding a balance/PnL-like word: the figure becomes `[amount]`. */
function replaceMoneyAfterWords(text: string): string {
  let out = '';
  let copied = 0;
  MONEY_WORD.lastIndex = 0;
  for (let hit = MONEY_WORD.exec(text); hit; hit = MONEY_WORD.exec(text)) {
    let start = hit.index;
    while (start > 0 && isWord(text.charCodeAt(start - 1))) start -= 1;
    const wordEnd = skip(text, hit.index, isWord);
    // Every other money word in this word reads the same, so go on after it.
    MONEY_WORD.lastIndex = wordEnd;
    // A word that began inside the last replacement is not a word here.
    if (start < copied) continue;
    // `P&L` at the end spans two runs of word characters; the word then ends after the `l` run.
    const spansPnl =
      (text.charCodeAt(wordEnd - 1) | 32) === 112 && // p or P
      text.charCodeAt(wordEnd) === 38 && // &
      (text.charCodeAt(wordEnd + 1) | 32) === 108; // l or L
    const keyEnd = spansPnl ? skip(text, wordEnd + 1, isWord) : wordEnd;
    MONEY_TAIL.lastIndex = keyEnd;
    const tail = MONEY_TAIL.exec(text);
    if (!tail) continue;
    out += text.slice(copied, keyEnd + (tail[1] ?? '').length) + AMOUNT;
    copied = keyEnd + tail[0].length;
    MONEY_WORD.lastIndex = copied;
  }
  return out + text.slice(copied);
}

const CAPITAL_AT_WORD_START = /\b[A-Z]/g;

/**
 * Funded/broker account ids by shape alone: capital letters then 4+ digits, as in APEX1234,
 * TST-55012, PA-APEX-12345-01, TPT123456. Four digits keep algorithm names (RS256, SHA512) out.
 * Letter groups are 2+ capitals joined by single dashes (a dash may end them); `-NN` groups may
 * follow the digits. The id is whole words: it starts at a word start and ends at a word end.
 */
function replaceAccountIds(text: string, replace: (id: string) => string): string {
  let out = '';
  let copied = 0;
  let i = 0;
  for (;;) {
    CAPITAL_AT_WORD_START.lastIndex = i;
    const next = CAPITAL_AT_WORD_START.exec(text);
    if (!next) break;
    i = next.index;
    // Every start inside this run of capitals and dashes shares its digits, so one look decides
    // them all.
    const letters = skip(text, i, isCapitalOrDash);
    const digits = skip(text, letters, isDigit);
    let end = digits;
    let before = -1;
    while (text.charCodeAt(end) === DASH && isDigit(text.charCodeAt(end + 1))) {
      before = end;
      end = skip(text, end + 1, isDigit);
    }
    // A letter or `_` right after means no word end there: end before the last `-NN` group (a
    // dash follows it), or, with none, there is no id here.
    if (end < text.length && isWord(text.charCodeAt(end))) end = before;
    // The leftmost start after which every letter group is 2+ capitals.
    let start = -1;
    if (digits - letters >= 4 && end >= 0) {
      for (let group = i; ; group += 1) {
        const groupEnd = skip(text, group, isCapital);
        const size = groupEnd - group;
        const last = groupEnd === letters;
        if (last ? size === 1 : size < 2) start = -1;
        else if (start < 0 && size > 0) start = group;
        if (last) break;
        group = groupEnd;
      }
    }
    if (start < 0) {
      i = letters;
      continue;
    }
    out += text.slice(copied, start) + replace(text.slice(start, end));
    copied = i = end;
  }
  return out + text.slice(copied);
}

/** Up to this many known account names, each is simply tried on every string. */
const FEW_NAMES = 256;
const HASH_BASE = 65_599;
const HASH_MOD = 2_147_483_647;

/** Polynomial hash of `text[from, from + length)`; exact in doubles (every product < 2^53). */
function windowHash(text: string, from: number, length: number): number {
  let hash = 0;
  for (let i = from; i < from + length; i += 1) {
    hash = (hash * HASH_BASE + text.charCodeAt(i)) % HASH_MOD;
  }
  return hash;
}

/** HASH_BASE^exponent mod HASH_MOD. */
function power(exponent: number): number {
  let result = 1;
  for (let i = 0; i < exponent; i += 1) result = (result * HASH_BASE) % HASH_MOD;
  return result;
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
