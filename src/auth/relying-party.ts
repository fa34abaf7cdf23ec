import * as oidc from 'openid-client';
import type { SsoSettings } from '../domain';

/** Discovery documents are re-read after this; an IdP rotating keys is picked up by jose's JWKS cache. */
const DISCOVERY_TTL_MS = 60 * 60_000;
/** Seconds of clock difference tolerated on the ID token's iat/exp/nbf between the IdP and Roster. */
const CLOCK_TOLERANCE_S = 60;

/** What the callback must find again: kept in the pre-sign-in session, used once. */
export interface SignInChecks {
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
}

/** The claims Roster reads from a verified ID token. */
export type VerifiedClaims = Readonly<Record<string, unknown>>;

/**
 * The OpenID Connect relying party (openid-client): authorization code flow with PKCE S256,
 * state and nonce, ID token validation (signature, iss, aud, exp, nonce) by the library.
 * One discovery per IdP client, cached; a failed discovery is forgotten so the next try re-reads.
 */
export function relyingParty(now: () => number = Date.now) {
  const discovered = new Map<string, { config: Promise<oidc.Configuration>; at: number }>();

  function configurationFor(settings: SsoSettings): Promise<oidc.Configuration> {
    const key = JSON.stringify([settings.issuer, settings.clientId, settings.clientSecret]);
    const cached = discovered.get(key);
    if (cached && now() - cached.at < DISCOVERY_TTL_MS) return cached.config;
    const issuer = new URL(settings.issuer);
    const config = oidc.discovery(
      issuer,
      settings.clientId,
      { [oidc.clockTolerance]: CLOCK_TOLERANCE_S },
      oidc.ClientSecretBasic(settings.clientSecret),
      // Plain http is accepted by readSsoSettings only for an IdP on this machine (development).
      issuer.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : undefined,
    );
    discovered.set(key, { config, at: now() });
    config.catch(() => discovered.delete(key));
    return config;
  }

  return {
    /** The IdP's authorization URL for a new sign-in, and the checks its callback must pass. */
    async start(settings: SsoSettings, redirectUri: string): Promise<{ url: URL; checks: SignInChecks }> {
      const config = await configurationFor(settings);
      const checks = {
        state: oidc.randomState(),
        nonce: oidc.randomNonce(),
        codeVerifier: oidc.randomPKCECodeVerifier(),
      };
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: 'openid email profile',
        response_type: 'code',
        state: checks.state,
        nonce: checks.nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(checks.codeVerifier),
        code_challenge_method: 'S256',
      });
      return { url, checks };
    },

    /** Verifies the authorization response and the ID token; throws when anything is off. */
    async finish(settings: SsoSettings, callbackUrl: URL, checks: SignInChecks): Promise<VerifiedClaims> {
      const config = await configurationFor(settings);
      const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        pkceCodeVerifier: checks.codeVerifier,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims) throw new Error('the IdP returned no ID token');
      return claims;
    },
  };
}

export type RelyingParty = ReturnType<typeof relyingParty>;
