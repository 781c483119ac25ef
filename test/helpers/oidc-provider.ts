/**
 * A real OpenID Connect provider (oidc-provider) on loopback for the login tests: its own
 * login and consent pages (any password), the accounts below, and RP-initiated logout.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface TestAccount {
  name: string;
  roles: string[];
  organisation?: string;
}

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  close(): Promise<void>;
}

/** Starts the provider for a client whose redirect URIs are derived from `appUrl`, as the service derives them. */
export async function startOidcProvider(appUrl: string, accounts: Record<string, TestAccount>): Promise<TestProvider> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'indsatsplan';
  const clientSecret = 'provider-test-secret';
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [`${appUrl}/auth/callback`],
        post_logout_redirect_uris: [`${appUrl}/auth/logged-out`],
        response_types: ['code'],
        grant_types: ['authorization_code'],
      },
    ],
    async findAccount(_ctx: unknown, sub: string) {
      const account = accounts[sub];
      if (!account) return undefined;
      return { accountId: sub, claims: async () => ({ sub, preferred_username: sub, name: account.name, roles: account.roles, organisation: account.organisation }) };
    },
    claims: { openid: ['sub'], profile: ['name', 'preferred_username', 'roles', 'organisation'] },
    // The service reads the person from the ID token, as many providers (Entra ID, Keycloak) put it there.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    cookies: { keys: ['oidc-provider-test-cookie-key'] },
    features: {
      devInteractions: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx: { body: string }, form: string) => {
          ctx.body = `<!doctype html><html><body>${form}<button type="submit" form="op.logoutForm" value="yes" name="logout" id="op-logout">Log ud</button></body></html>`;
        },
      },
    },
  });
  // It warns on stderr about its development-only defaults (keys, in-memory adapter): expected here.
  server.on('request', provider.callback());
  return {
    issuer,
    clientId,
    clientSecret,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
