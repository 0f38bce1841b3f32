// Sign-in failures as one readable, redacted sentence for the trader.
import {
  AuthorizationServerMismatchError,
  InsecureTokenEndpointError,
  IssuerMismatchError,
  OAuthError,
  RegistrationRejectedError,
} from '@modelcontextprotocol/client';
import { redact } from '../../../shared/redact';
import { isNetworkError, networkCode } from '../mcp/classify';
import {
  InsecureSignInUrlError,
  OAuthCancelledError,
  OAuthTimeoutError,
} from '../mcp/fetch-wrappers';
import { AutoConsentRefusedError } from './auto-consent';
import { INSECURE_ENDPOINT } from './oauth-provider';
import { SignInCancelledError } from './loopback';

/** A sign-in failure whose message is meant for the trader. */
export class SignInError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SignInError';
  }
}

/** OAuthError code of a sign-in server answer the monitor could not read (a missing field…). */
export const UNREADABLE_ANSWER = 'unreadable_answer';
/** Codes whose message is already one sentence for the trader. */
const OWN_CODES = new Set([INSECURE_ENDPOINT, UNREADABLE_ANSWER]);

interface Issue {
  path?: unknown;
  message?: unknown;
  code?: unknown;
}

/** zod's issues, from the error or (zod 4 puts them there as JSON) its message. */
function zodIssues(error: unknown): Issue[] | undefined {
  if (!(error instanceof Error) || error.name !== 'ZodError') return undefined;
  const issues = (error as { issues?: unknown }).issues;
  if (Array.isArray(issues)) return issues as Issue[];
  try {
    const parsed: unknown = JSON.parse(error.message);
    return Array.isArray(parsed) ? (parsed as Issue[]) : undefined;
  } catch {
    return undefined;
  }
}

/** Which of the sign-in server's documents a field belongs to. */
function documentOf(field: string): string {
  if (/^(access_token|token_type|expires_in|refresh_token|id_token)$/.test(field))
    return 'a token response';
  if (/^(client_id|client_secret|client_id_issued_at|client_secret_expires_at)$/.test(field))
    return 'a registration response';
  if (/^(resource|authorization_servers)$/.test(field)) return 'protected-resource metadata';
  if (/(_endpoint|_supported)$|^issuer$/.test(field)) return 'authorization-server metadata';
  return 'an answer';
}

/** "…sent a token response without token_type." from a zod issue list. */
function describeIssues(issues: Issue[]): string {
  const first = issues[0] ?? {};
  const path = Array.isArray(first.path) ? first.path.map(String) : [];
  const field = path
    .join('.')
    .replace(/[^\w.[\]-]/g, '')
    .slice(0, 60);
  const missing =
    typeof first.message === 'string' && /received undefined|required/i.test(first.message);
  const more =
    issues.length > 1
      ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})`
      : '';
  if (!field) return `CrossTrade's sign-in server sent an answer the monitor cannot read${more}.`;
  const doc = documentOf(path[0] ?? '');
  return missing
    ? `CrossTrade's sign-in server sent ${doc} without ${field}${more}.`
    : `CrossTrade's sign-in server sent ${doc} with an invalid ${field}${more}.`;
}

/**
 * A refused http endpoint or an unreadable answer as an OAuthError: the next check reports it as
 * a sign-in setup failure (discovery_failed) in one sentence, not as a JSON-RPC or network fault.
 */
export function asSignInSetupError(error: unknown): unknown {
  if (error instanceof InsecureSignInUrlError)
    return new OAuthError(INSECURE_ENDPOINT, error.message);
  const issues = zodIssues(error);
  return issues ? new OAuthError(UNREADABLE_ANSWER, describeIssues(issues)) : error;
}

export function signInErrorMessage(error: unknown): string {
  if (
    error instanceof SignInError ||
    error instanceof SignInCancelledError ||
    error instanceof AutoConsentRefusedError ||
    error instanceof OAuthTimeoutError ||
    error instanceof OAuthCancelledError
  ) {
    return redact(error.message);
  }
  const issues = zodIssues(error);
  if (issues) return describeIssues(issues);
  if (error instanceof OAuthError && OWN_CODES.has(error.code)) return redact(error.message);
  if (error instanceof IssuerMismatchError || error instanceof AuthorizationServerMismatchError) {
    return "CrossTrade's authorization server did not identify itself as expected (issuer mismatch), so the sign-in was stopped for safety.";
  }
  if (error instanceof InsecureTokenEndpointError) {
    return "The authorization server's token endpoint is not HTTPS, so the sign-in was stopped for safety.";
  }
  if (error instanceof RegistrationRejectedError) {
    return error.status === 429
      ? 'CrossTrade refused to register the monitor: too many registrations from this address in the last hour. Try again later.'
      : `CrossTrade refused to register the monitor (HTTP ${error.status}).`;
  }
  if (error instanceof OAuthError)
    return redact(`CrossTrade's sign-in failed (${error.code}): ${error.message}`);
  if (isNetworkError(error)) {
    return `CrossTrade could not be reached (${networkCode(error) ?? 'network error'}).`;
  }
  return redact(error instanceof Error ? error.message : String(error));
}
