// Who issued a certificate this computer refused. Node's verification errors (and Electron's)
// do not carry the certificate, yet its issuer is what tells a trader where to look: the name
// of an antivirus' or a company proxy's root. One TLS handshake to the same address reads it;
// nothing is sent over that connection and it is closed at once.
import { connect } from 'node:tls';
import type { FetchLike } from '@modelcontextprotocol/client';
import { isCertificateCode } from '../../../shared/diagnosis/findings';
import { certificateIssuer, networkCode } from './classify';

const LOOKUP_LIMIT_MS = 3000;

/** Marks an error that came through a proxy: a direct handshake would meet another certificate. */
export const VIA_PROXY = Symbol('viaProxy');

/** The issuer (CN, else O) of the certificate `url`'s server presents; undefined when unknown. */
export function lookupIssuer(url: string, limitMs = LOOKUP_LIMIT_MS): Promise<string | undefined> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return Promise.resolve(undefined);
  }
  if (target.protocol !== 'https:') return Promise.resolve(undefined);
  const host = target.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve) => {
    const socket = connect({
      host,
      port: Number(target.port || 443),
      // Only to read who signed the certificate; no request is sent on this connection.
      rejectUnauthorized: false,
      ...(/^[\d.]+$|:/.test(host) ? {} : { servername: host }),
    });
    const done = (issuer: string | undefined) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(issuer);
    };
    const timer = setTimeout(() => done(undefined), limitMs);
    timer.unref();
    socket.once('secureConnect', () => {
      const issuer = socket.getPeerCertificate().issuer as Record<string, unknown> | undefined;
      const name = [issuer?.CN, issuer?.O].find((p) => typeof p === 'string' && p !== '');
      done(typeof name === 'string' ? name : undefined);
    });
    socket.once('error', () => done(undefined));
  });
}

function viaProxy(error: unknown): boolean {
  return typeof error === 'object' && error !== null && VIA_PROXY in error;
}

/**
 * On a refused certificate, adds its issuer to the error (`issuer`), read by the classifier.
 * Not through a proxy: a direct handshake would read another certificate than the one refused.
 */
export function certificateIssuers(): (base: FetchLike) => FetchLike {
  return (base) => async (input, init) => {
    try {
      return await base(input, init);
    } catch (error) {
      if (
        error instanceof Error &&
        isCertificateCode(networkCode(error)) &&
        !certificateIssuer(error) &&
        !viaProxy(error)
      ) {
        const issuer = await lookupIssuer(String(input));
        if (issuer) Object.assign(error, { issuer });
      }
      throw error;
    }
  };
}
