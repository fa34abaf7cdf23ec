import { RosterError } from './errors';

/** An account's OpenID Connect client at its company IdP (contract.md, People sign in to the page). */
export interface SsoSettings {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** The ID token claim holding the person's email; `email` unless the IdP uses another. */
  readonly emailClaim: string;
}

export const DEFAULT_EMAIL_CLAIM = 'email';
const EXAMPLE =
  '{"issuer": "https://example.okta.com", "clientId": "0oa…", "clientSecret": "…", "emailClaim": "email"}';
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/;

/**
 * Settings as an operator or admin gives them. The issuer must be https: the ID token's trust
 * rests on it. Plain http is allowed only to this machine (a development IdP).
 */
export function readSsoSettings(input: Readonly<Record<string, unknown>>): SsoSettings {
  const text = (name: string, max: number): string => {
    const value = input[name];
    if (typeof value !== 'string' || value.trim() === '' || value.length > max) {
      throw new RosterError(
        'invalid-value',
        `${name} must be a non-empty string of at most ${max} characters; send ${EXAMPLE}.`,
      );
    }
    return value.trim();
  };
  const issuer = text('issuer', 500);
  let url: URL | undefined;
  try {
    url = new URL(issuer);
  } catch {
    url = undefined;
  }
  const secure = url?.protocol === 'https:' || (url?.protocol === 'http:' && LOOPBACK.test(url.hostname));
  if (!url || !secure || url.search || url.hash) {
    throw new RosterError(
      'invalid-value',
      `issuer must be the IdP's https issuer URL, such as https://example.okta.com or https://login.microsoftonline.com/TENANT/v2.0 (got "${issuer}").`,
    );
  }
  const emailClaim =
    input.emailClaim === undefined || input.emailClaim === null
      ? DEFAULT_EMAIL_CLAIM
      : text('emailClaim', 64);
  if (!/^[A-Za-z0-9_.:-]+$/.test(emailClaim)) {
    throw new RosterError(
      'invalid-value',
      `emailClaim must be a claim name such as email or upn (got "${emailClaim}").`,
    );
  }
  // Kept exactly as given: the ID token's iss must equal it character for character.
  return { issuer, clientId: text('clientId', 255), clientSecret: text('clientSecret', 2048), emailClaim };
}
