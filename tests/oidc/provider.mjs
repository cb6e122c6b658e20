// A real OpenID Provider for the sign-in tests: panva's oidc-provider (a certified
// implementation), with its own login and consent forms (devInteractions: the account is the
// login typed in the form), on a free port of 127.0.0.1.
//
// Reads its set-up as JSON on stdin:
//   {"clients": [{client_id, client_secret, redirect_uris, post_logout_redirect_uris}],
//    "accounts": {"<login, also the subject>": {<claims: email, name, oid, upn, ...>}}}
// and prints one line of JSON on stdout once it listens: {"issuer": "http://127.0.0.1:<port>"}.
//
// For the tests of bad tokens, POST /__test/mode {"mode": "..."} makes the token endpoint hand
// out an ID token that is wrong in one way, signed as the provider signs (or, for
// "wrong-signature", by another key under the same key id): "expired", "wrong-audience",
// "wrong-issuer", "wrong-nonce", "wrong-signature"; {"mode": null} goes back to normal.
import { createServer } from 'node:http';
import { once } from 'node:events';

import { decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, SignJWT } from 'jose';
import Provider from 'oidc-provider';

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
}

const setup = await readStdin();
const accounts = setup.accounts || {};

const { privateKey } = await generateKeyPair('RS256', { extractable: true });
const signingJwk = { ...(await exportJWK(privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
const { privateKey: foreignKey } = await generateKeyPair('RS256', { extractable: true });

const server = createServer();
server.listen(0, '127.0.0.1');
await once(server, 'listening');
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: setup.clients || [],
  jwks: { keys: [signingJwk] },
  cookies: { keys: ['learnapp-test-provider-cookie-key'] },
  // Entra ID puts the address and its object id into the ID token itself.
  conformIdTokenClaims: false,
  claims: {
    openid: ['sub', 'oid'],
    email: ['email', 'email_verified'],
    profile: ['name', 'preferred_username', 'upn'],
  },
  features: {
    devInteractions: { enabled: true },
    rpInitiatedLogout: { enabled: true },
  },
  pkce: { required: () => true },
  async findAccount(ctx, id) {
    if (!Object.hasOwn(accounts, id)) return undefined;
    return {
      accountId: id,
      async claims() {
        return { ...accounts[id], sub: id };
      },
    };
  },
});

// Errors behind a "server_error" page go to stderr (the test's log of the provider).
provider.on('server_error', (ctx, error) => console.error('server_error', error));

let mode = null;

async function tampered(idToken) {
  const header = decodeProtectedHeader(idToken);
  const claims = decodeJwt(idToken);
  const now = Math.floor(Date.now() / 1000);
  let key = privateKey;
  if (mode === 'expired') Object.assign(claims, { iat: now - 7200, exp: now - 3600 });
  else if (mode === 'wrong-audience') claims.aud = 'another-application';
  else if (mode === 'wrong-issuer') claims.iss = 'https://login.evil.example';
  else if (mode === 'wrong-nonce') claims.nonce = 'not-the-nonce-that-was-sent';
  else if (mode === 'wrong-signature') key = foreignKey;
  else throw new Error(`unknown mode ${mode}`);
  return new SignJWT(claims).setProtectedHeader(header).sign(key);
}

provider.use(async (ctx, next) => {
  if (ctx.path === '/__test/mode' && ctx.method === 'POST') {
    const chunks = [];
    for await (const chunk of ctx.req) chunks.push(chunk);
    mode = JSON.parse(Buffer.concat(chunks).toString('utf8')).mode ?? null;
    ctx.body = { mode };
    return;
  }
  await next();
  if (mode && ctx.path === '/token' && ctx.status === 200 && ctx.body?.id_token) {
    ctx.body = { ...ctx.body, id_token: await tampered(ctx.body.id_token) };
  }
});

server.on('request', provider.callback());
process.stdout.write(`${JSON.stringify({ issuer })}\n`);
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
