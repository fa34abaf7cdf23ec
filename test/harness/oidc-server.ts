/**
 * A real OpenID provider (oidc-provider, panva) for the sign-in tests, run as its own process on
 * 127.0.0.1 by test/harness/oidc.ts (oidc-provider is an ES module with its own web framework;
 * a child process keeps it out of Jest's module system). Its settings come as JSON in argv[2]:
 * the accounts and the clients. The login page is a minimal one of our own: a login field and a
 * button, and signing in also grants the scopes asked for (no separate consent page).
 * It prints `{"issuer": "..."}` on stdout once listening.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

interface Settings {
  accounts: Record<string, Record<string, unknown>>;
  clients: { client_id: string; client_secret: string; redirect_uris: string[] }[];
}

async function main(): Promise<void> {
  const settings = JSON.parse(process.argv[2] ?? '{}') as Settings;
  const { default: Provider } = await import('oidc-provider');
  // Made once the port (and so the issuer) is known; no request arrives before that.
  const idp: { provider?: InstanceType<typeof Provider> } = {};
  const server = http.createServer((req, res) => {
    void handle(idp.provider!, settings, req, res).catch((err: unknown) => {
      res.statusCode = 500;
      res.end(String((err as Error).message));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  idp.provider = new Provider(issuer, {
    clients: settings.clients.map((c) => ({
      ...c,
      grant_types: ['authorization_code'],
      response_types: ['code'],
    })),
    findAccount: (_ctx, id) => {
      const claims = settings.accounts[id];
      return claims ? { accountId: id, claims: () => ({ sub: id, ...claims }) } : undefined;
    },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    // ID token claims in the token itself, where Roster reads them (not only at userinfo).
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    cookies: { keys: ['roster-test-idp-cookie-key'] },
    pkce: { required: () => true },
  });
  process.stdout.write(`${JSON.stringify({ issuer })}\n`);
}

async function handle(
  provider: import('oidc-provider').default,
  settings: Settings,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://idp.invalid');
  const match = /^\/interaction\/([\w-]+)(\/login)?$/.exec(url.pathname);
  if (!match) return provider.callback()(req, res);
  const details = await provider.interactionDetails(req, res);
  if (req.method === 'GET' && !match[2]) {
    res.setHeader('Content-Type', 'text/html');
    res.end(`<!doctype html><html><head><title>Test IdP sign-in</title></head><body>
<h1>Sign in to the test IdP</h1>
<form method="post" action="/interaction/${details.uid}/login">
<label>Login <input name="login" autofocus></label>
<button type="submit">Sign in</button>
</form></body></html>`);
    return;
  }
  const body = await new Promise<string>((resolve) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    req.on('end', () => resolve(text));
  });
  const login = new URLSearchParams(body).get('login') ?? '';
  if (!settings.accounts[login]) {
    res.statusCode = 400;
    res.end('unknown test account');
    return;
  }
  const grant = new provider.Grant({ accountId: login, clientId: String(details.params.client_id) });
  grant.addOIDCScope(String(details.params.scope));
  const grantId = await grant.save();
  await provider.interactionFinished(
    req,
    res,
    { login: { accountId: login }, consent: { grantId } },
    { mergeWithLastSubmission: false },
  );
}

void main();
