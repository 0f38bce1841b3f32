// Where an entry holds a secret: headers, environment, arguments and the address. Only the place
// and the kind of each secret are kept, never its value.
import { urlOf } from '../format';
import { redact } from '../redact';
import { text, type Dict, type Spec } from './spec';
import type { SecretSighting } from './types';

const SECRET_ENV = /token|secret|api[_-]?key|password|passwd|auth|credential|(^|_)key$/i;
// Any header named like a credential: `Authorization`, `X-Auth-Token`, `X-API-Key`, `X-CrossTrade-Key`.
const SECRET_HEADER = /auth|token|secret|api[_-]?key|key$|cookie|passw(or)?d|credential/i;
const SECRET_FLAG = /^--(access-?token|token|api-?key|secret|password)$/i;
const SECRET_PARAM = /token|key|secret|auth|password|signature|^sig$/i;

/** `${input:x}`, `${env:X}`, `{{x}}`, `$X`, `%X%`, `<your-token>`, `YOUR_TOKEN_HERE`: not a secret. */
function isPlaceholder(value: string): boolean {
  return (
    /\$\{[^}]*\}|\{\{[^}]*\}\}|^\$[A-Za-z_]\w*$|^%[A-Za-z_]\w*%$|^<[^>]*>$/.test(value) ||
    /^(your|my)[_-]|[_-]here$|^x{3,}$/i.test(value)
  );
}

/** How a value holds a secret, or undefined when it holds none. */
function secretKind(value: string): SecretSighting['kind'] | undefined {
  const v = value.trim();
  const body = v.replace(/^(bearer|basic|token)\s+/i, '').trim();
  if (body === '' || /^(bearer|basic)$/i.test(v)) return undefined;
  if (isPlaceholder(body)) return 'reference';
  if (/^bearer\s/i.test(v)) return 'bearer';
  if (/^basic\s/i.test(v)) return 'basic';
  return 'token';
}

type See = (key: string, kind: SecretSighting['kind'] | undefined, label?: string) => void;

export function secretsOf(
  spec: Spec,
  tokens: readonly string[],
  url: string | undefined,
): SecretSighting[] {
  const found = new Map<string, SecretSighting>();
  const see: See = (key, kind, label = key) => {
    if (kind && !found.has(key)) found.set(key, { where: label, kind });
  };
  // Arguments first: `--header Authorization:${AUTH}` names the env variable that holds the secret.
  argSecrets(tokens, spec.env, see);
  for (const [name, value] of Object.entries(spec.headers)) {
    if (SECRET_HEADER.test(name) && typeof value === 'string')
      see(`headers.${name}`, secretKind(value));
  }
  for (const [name, value] of Object.entries(spec.env)) {
    if (typeof value !== 'string') continue;
    const kind = secretKind(value);
    const pasted =
      kind === 'bearer' || kind === 'basic' || (kind === 'token' && SECRET_ENV.test(name));
    if (pasted) see(`env.${name}`, kind);
  }
  if (url) urlSecrets(url, see);
  return [...found.values()];
}

function argSecrets(tokens: readonly string[], env: Dict, see: See): void {
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i] ?? '';
    let header: string | undefined;
    if (token === '--header' || token === '-H') header = tokens[(i += 1)];
    else if (token.startsWith('--header=')) header = token.slice('--header='.length);
    if (header !== undefined) {
      const match = /^\s*([\w-]+)\s*:\s*(.*)$/s.exec(header);
      if (!match || !SECRET_HEADER.test(match[1] ?? '')) continue;
      const [, name = '', value = ''] = match;
      const where = `args (--header ${name})`;
      const refs = [...value.matchAll(/\$\{(\w+)\}|\$(\w+)/g)].map((m) => m[1] ?? m[2] ?? '');
      if (refs.length === 0) see(where, secretKind(value));
      for (const ref of refs) {
        const fromEnv = text(env[ref]);
        const kind = fromEnv === undefined ? undefined : secretKind(fromEnv);
        if (kind && kind !== 'reference')
          see(`env.${ref}`, kind, `env.${ref} (sent as --header ${name})`);
        else see(where, 'reference');
      }
      continue;
    }
    const [flag = '', inline] = token.split(/=(.*)/s);
    if (SECRET_FLAG.test(flag)) {
      const value = inline ?? tokens[(i += 1)] ?? '';
      see(`args (${flag})`, secretKind(value));
    } else if (/\bbearer\s+\S/i.test(token)) {
      see('args', 'bearer');
    }
  }
}

function urlSecrets(url: string, see: See): void {
  // Not a URL: the address finding says so.
  const parsed = urlOf(url);
  if (!parsed) return;
  if (parsed.password || parsed.username) see('the address (user name and password)', 'basic');
  for (const [name, value] of parsed.searchParams) {
    if (SECRET_PARAM.test(name)) see(`the address (its ${name} parameter)`, secretKind(value));
  }
}

/** The address with any credential in it replaced, then redacted like every other text. */
export function redactUrl(url: string): string {
  const withoutSecrets = url
    .replace(/^([a-z]+:\/\/)[^/@\s]*@/i, '$1[redacted]@')
    .replace(/([?&])([^=&#]+)=([^&#]*)/g, (whole, sep: string, name: string) =>
      SECRET_PARAM.test(name) ? `${sep}${name}=[redacted]` : whole,
    );
  return redact(withoutSecrets);
}
