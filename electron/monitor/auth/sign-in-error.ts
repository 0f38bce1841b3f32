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
import { AutoConsentRefusedError } from './auto-consent';
import { SignInCancelledError } from './loopback';

/** A sign-in failure whose message is meant for the trader. */
export class SignInError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SignInError';
  }
}

export function signInErrorMessage(error: unknown): string {
  if (
    error instanceof SignInError ||
    error instanceof SignInCancelledError ||
    error instanceof AutoConsentRefusedError
  ) {
    return redact(error.message);
  }
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
