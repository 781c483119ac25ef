/**
 * Logging people in through the organisation's OpenID Connect provider with openid-client:
 * the authorization code flow with PKCE (S256), state and nonce. The provider's metadata is
 * discovered at the first login and kept; a provider that cannot be reached then is asked
 * again at the next one, so the service starts without it.
 */
import * as oidc from 'openid-client';
import { AppError } from '../shared/errors.js';
import type { OidcConfig } from '../shared/config.js';
import { isLoopback } from '../shared/config.js';

/** What must survive, sealed in a cookie, from sending the browser to the provider until it returns. */
export interface PendingLogin {
  state: string;
  nonce: string;
  codeVerifier: string;
}

export interface CompletedLogin {
  claims: Record<string, unknown>;
  idToken: string | undefined;
}

export interface PersonLogin {
  /** The provider's address to send the browser to, and what to keep until it comes back. */
  begin(): Promise<{ url: string; pending: PendingLogin }>;
  /** Checks the provider's answer (state, PKCE, the ID token's signature, issuer, audience, nonce) and returns the ID token's claims. */
  complete(callbackUrl: URL, pending: PendingLogin): Promise<CompletedLogin>;
  /** Where to send the browser to log out at the provider too, if it offers that. */
  logoutUrl(idToken: string | undefined, afterLogout: string): Promise<string | undefined>;
}

export const CALLBACK_PATH = '/auth/callback';
const TIMEOUT_SECONDS = 10;

export function createOidcLogin(config: OidcConfig): PersonLogin {
  const redirectUri = `${config.publicUrl}${CALLBACK_PATH}`;
  // openid-client speaks only https; a provider on this very machine (the tests') may use http.
  const insecureLoopback = new URL(config.issuer).protocol === 'http:' && isLoopback(new URL(config.issuer).hostname);
  let discovered: Promise<oidc.Configuration> | undefined;

  const configuration = (): Promise<oidc.Configuration> => {
    discovered ??= oidc
      .discovery(new URL(config.issuer), config.clientId, config.clientSecret, undefined, {
        timeout: TIMEOUT_SECONDS,
        ...(insecureLoopback ? { execute: [oidc.allowInsecureRequests] } : {}),
      })
      .catch((err: unknown) => {
        discovered = undefined;
        throw new AppError('auth.unavailable', 'Organisationens login svarer ikke. Prøv igen om lidt.', { cause: err });
      });
    return discovered;
  };

  return {
    async begin() {
      const c = await configuration();
      const pending: PendingLogin = { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier: oidc.randomPKCECodeVerifier() };
      const url = oidc.buildAuthorizationUrl(c, {
        redirect_uri: redirectUri,
        scope: 'openid profile',
        response_type: 'code',
        state: pending.state,
        nonce: pending.nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
        code_challenge_method: 'S256',
      });
      return { url: url.href, pending };
    },

    async complete(callbackUrl, pending) {
      const c = await configuration();
      try {
        const tokens = await oidc.authorizationCodeGrant(
          c,
          callbackUrl,
          { pkceCodeVerifier: pending.codeVerifier, expectedState: pending.state, expectedNonce: pending.nonce, idTokenExpected: true },
          { redirect_uri: redirectUri },
        );
        return { claims: { ...tokens.claims() }, idToken: tokens.id_token };
      } catch (err) {
        throw new AppError('auth.login-failed', 'Svaret fra organisationens login kunne ikke godkendes. Prøv at logge ind igen.', { cause: err });
      }
    },

    async logoutUrl(idToken, afterLogout) {
      const c = await configuration().catch(() => undefined);
      if (!c?.serverMetadata().end_session_endpoint) return undefined;
      return oidc.buildEndSessionUrl(c, { post_logout_redirect_uri: afterLogout, ...(idToken ? { id_token_hint: idToken } : {}) }).href;
    },
  };
}
