import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import request from 'supertest';
import type { Express } from 'express';

/**
 * A real OpenID provider on 127.0.0.1 (oidc-provider in its own process, test/harness/oidc-server.ts),
 * with the accounts and clients a test gives it. No mocked OIDC: Roster discovers it, redirects
 * to it, exchanges codes with it and verifies its signed ID tokens.
 */
export interface TestIdp {
  issuer: string;
  close(): Promise<void>;
}

export interface IdpClient {
  client_id: string;
  client_secret: string;
  redirect_uris: string[];
}

export async function startOidcProvider(opts: {
  accounts: Record<string, Record<string, unknown>>;
  clients: IdpClient[];
}): Promise<TestIdp> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(__dirname, 'oidc-server.ts'), JSON.stringify(opts)],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test' } },
  );
  const stderr: string[] = [];
  readline.createInterface({ input: child.stderr! }).on('line', (line) => stderr.push(line));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const issuer = await new Promise<string>((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).once('line', (line) => {
      resolve((JSON.parse(line) as { issuer: string }).issuer);
    });
    void exited.then(() => reject(new Error(`the test IdP exited: ${stderr.join('\n')}`)));
  });
  return {
    issuer,
    async close() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Roster's public URL in the in-process tests: supertest serves each request on its own port. */
export const ROSTER_URL = 'http://roster.test';
export const CALLBACK = `${ROSTER_URL}/auth/callback`;

/** The path and query of an absolute URL on Roster's public URL, for supertest. */
export function rosterPath(location: string): string {
  const url = new URL(location);
  if (url.origin !== ROSTER_URL) throw new Error(`expected a redirect to Roster, got ${location}`);
  return url.pathname + url.search;
}

/**
 * The person's side of the IdP: from Roster's redirect to the IdP, through its login form, to
 * the redirect back to Roster's callback (whose URL is returned). `rewrite` may change the
 * authorization request first (a test's forged nonce).
 */
export async function signInAtIdp(
  authorizationUrl: string,
  login: string,
  rewrite: (url: URL) => void = () => undefined,
): Promise<string> {
  const url = new URL(authorizationUrl);
  rewrite(url);
  const idp = request.agent(url.origin);
  let response = await idp.get(url.pathname + url.search);
  for (let hops = 0; hops < 10; hops += 1) {
    const location = response.headers.location as string | undefined;
    if (response.status >= 300 && response.status < 400 && location) {
      const next = new URL(location, url.origin);
      if (next.origin !== url.origin) return next.href;
      response = await idp.get(next.pathname + next.search);
      continue;
    }
    const form = /action="(\/interaction\/[\w-]+\/login)"/.exec(response.text);
    if (response.status !== 200 || !form) {
      throw new Error(`the IdP answered ${response.status}: ${response.text.slice(0, 300)}`);
    }
    response = await idp.post(form[1]!).type('form').send({ login });
  }
  throw new Error('too many redirects at the IdP');
}

/** The whole dance with a supertest agent on Roster: login → IdP → callback; the callback's response. */
export async function signIn(agent: ReturnType<typeof request.agent>, account: string, login: string) {
  const start = await agent.get(`/auth/login?account=${encodeURIComponent(account)}`);
  if (start.status !== 302) throw new Error(`/auth/login answered ${start.status}: ${start.text}`);
  const callback = await signInAtIdp(start.headers.location as string, login);
  return agent.get(rosterPath(callback));
}

export type { Express };
