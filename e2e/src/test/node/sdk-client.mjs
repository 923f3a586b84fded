// An MCP host built on the TypeScript SDK's client, the code most MCP hosts ship: Client +
// StreamableHTTPClientTransport + an OAuthClientProvider. It connects with a read-only grant and calls tools, then
//   refresh: outlives its access token (the server answers 401, the SDK refreshes and replays the call);
//   step-up: calls a write tool, gets the server's 403 insufficient_scope and re-authorizes with the union of scopes.
//
// Usage: node sdk-client.mjs <MCP URL> <callback port> refresh|step-up [client metadata URL]
// With a client metadata URL the SDK uses it as client_id (CIMD) when the authorization server supports that.
// Talks to the test that runs it through stdout lines:
//   AUTHORIZE <url>        a person must open <url> in a browser (the test drives Chromium)
//   STEP <name> <json>     what happened at one step, for the test to assert on
// Exits 0 when every step ran; otherwise prints FAILED <reason> on stderr and exits 1.
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { auth } from '@modelcontextprotocol/sdk/client/auth.js';

const [mcpUrl, callbackPortArg, scenario, clientMetadataUrl] = process.argv.slice(2);
if (!mcpUrl || !callbackPortArg || !['refresh', 'step-up'].includes(scenario)) {
  console.error('FAILED usage: node sdk-client.mjs <MCP URL> <callback port> refresh|step-up');
  process.exit(2);
}
const READ_ONLY = 'tasks:read profile:read';
const CALLBACK_TIMEOUT_MS = 120_000;
const redirectUrl = `http://127.0.0.1:${callbackPortArg}/callback`;

function step(name, value) {
  process.stdout.write(`STEP ${name} ${JSON.stringify(value)}\n`);
}

// ---- the loopback redirect listener (RFC 8252): one authorization at a time ----
let pending;
const callbacks = http.createServer((request, response) => {
  const url = new URL(request.url, redirectUrl);
  if (url.pathname !== '/callback' || !pending) {
    response.writeHead(404).end();
    return;
  }
  const { state, resolve, reject } = pending;
  pending = undefined;
  const error = url.searchParams.get('error');
  response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
  response.end(`<!doctype html><title>MCP client</title><p>${error ? 'Authorization failed' : 'Authorized'}. You can close this window.</p>`);
  if (url.searchParams.get('state') !== state) {
    reject(new Error(`callback state ${url.searchParams.get('state')} does not match the one sent (${state})`));
  } else if (error) {
    reject(new Error(`authorization failed: ${error} ${url.searchParams.get('error_description') ?? ''}`));
  } else {
    resolve({ code: url.searchParams.get('code'), iss: url.searchParams.get('iss') });
  }
});
await new Promise((resolve) => callbacks.listen(Number(callbackPortArg), '127.0.0.1', resolve));

function awaitCallback(state) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no authorization callback within 120 s')), CALLBACK_TIMEOUT_MS);
    pending = {
      state,
      resolve: (value) => { clearTimeout(timer); resolve(value); },
      reject: (error) => { clearTimeout(timer); reject(error); },
    };
  });
}

// ---- an in-memory OAuthClientProvider, as a host keeps one per server ----
class MemoryOAuthProvider {
  constructor() {
    this.savedTokens = undefined;
    this.client = undefined;
    this.verifier = undefined;
    this.lastState = undefined;
    this.discovery = undefined;
  }
  get redirectUrl() { return redirectUrl; }
  get clientMetadataUrl() { return clientMetadataUrl; }
  get clientMetadata() {
    return {
      client_name: 'Deferno e2e SDK client',
      redirect_uris: [redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }
  state() { this.lastState = randomBytes(16).toString('base64url'); return this.lastState; }
  clientInformation() { return this.client; }
  saveClientInformation(info) { this.client = info; }
  tokens() { return this.savedTokens; }
  saveTokens(tokens) { this.savedTokens = tokens; }
  redirectToAuthorization(url) { process.stdout.write(`AUTHORIZE ${url.href}\n`); }
  saveCodeVerifier(verifier) { this.verifier = verifier; }
  codeVerifier() { return this.verifier; }
  discoveryState() { return this.discovery; }
  saveDiscoveryState(state) { this.discovery = state; }
  invalidateCredentials(scope) {
    if (scope === 'all' || scope === 'client') this.client = undefined;
    if (scope === 'all' || scope === 'tokens') this.savedTokens = undefined;
    if (scope === 'all' || scope === 'verifier') this.verifier = undefined;
  }
}

// ---- fetch, recorded: which grants hit the token endpoint and which challenges the MCP server sent ----
const grants = [];
const challenges = [];
async function recordingFetch(input, init) {
  const url = String(input instanceof Request ? input.url : input);
  const response = await fetch(input, init);
  if (url.endsWith('/oauth2/token')) {
    const body = new URLSearchParams(typeof init?.body === 'string' ? init.body : init?.body?.toString() ?? '');
    grants.push({ grant_type: body.get('grant_type'), status: response.status });
  } else if (url === mcpUrl && (response.status === 401 || response.status === 403)) {
    challenges.push({ status: response.status, challenge: response.headers.get('www-authenticate') });
  }
  return response;
}

const provider = new MemoryOAuthProvider();
const transport = new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: provider, fetch: recordingFetch });
const client = new Client({ name: 'deferno-e2e-sdk-client', version: '1.0.0' });

/** Authorizes with {@code scope}: the SDK discovers, registers when needed and redirects; the person approves. */
async function authorize(scope) {
  const result = await auth(provider, { serverUrl: new URL(mcpUrl), scope, fetchFn: recordingFetch });
  if (result !== 'REDIRECT') {
    throw new Error(`expected the SDK to send the person to the authorization server, got ${result}`);
  }
  const { code, iss } = await awaitCallback(provider.lastState);
  await transport.finishAuth(code);
  return { iss, scope: provider.tokens()?.scope, expires_in: provider.tokens()?.expires_in };
}

function summary(result) {
  return {
    isError: result.isError === true,
    text: (result.content ?? []).filter((c) => c.type === 'text').map((c) => c.text).join('\n'),
    structured: result.structuredContent ?? null,
  };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Outlives the access token: the server answers 401, the SDK refreshes and replays the call. */
async function refresh() {
  const expiredToken = provider.tokens().access_token;
  const waitSeconds = Number(provider.tokens().expires_in ?? 0) + 2;
  await sleep(waitSeconds * 1000);
  const refreshesBefore = grants.filter((g) => g.grant_type === 'refresh_token').length;
  const afterExpiry = summary(await client.callTool({ name: 'whoami', arguments: {} }));
  step('refresh', {
    waited_seconds: waitSeconds,
    refresh_grants: grants.filter((g) => g.grant_type === 'refresh_token').length - refreshesBefore,
    new_access_token: provider.tokens().access_token !== expiredToken,
    challenges: challenges.filter((c) => c.status === 401),
    whoami: afterExpiry,
  });
}

/** A write tool with a read-only grant: 403 insufficient_scope, then a new authorization for the union. */
async function stepUp() {
  const title = `e2e sdk capture ${randomBytes(4).toString('hex')}`;
  const captureArgs = { title, attend: false, repeats: false };
  let denied;
  try {
    const result = await client.callTool({ name: 'capture_item', arguments: captureArgs });
    denied = { unexpected_success: summary(result) };
  } catch (error) {
    // SDK 1.32 answers a 403 by refreshing (which keeps the scopes) and gives up on the second 403:
    // re-authorizing for more scopes is the host's job
    denied = { error: String(error?.message ?? error), challenge: challenges.filter((c) => c.status === 403).at(-1) };
  }
  step('step_up_denied', denied);
  const challenged = /scope="([^"]*)"/.exec(denied.challenge?.challenge ?? '')?.[1];
  if (!challenged) {
    throw new Error(`no 403 insufficient_scope challenge with a scope: ${JSON.stringify(denied)}`);
  }
  const granted = (provider.tokens()?.scope ?? READ_ONLY).split(' ');
  const union = [...new Set([...granted, ...challenged.split(' ')])].join(' ');
  provider.invalidateCredentials('tokens');
  step('step_up_authorized', { requested: union, ...(await authorize(union)) });
  step('capture_item', { title, ...summary(await client.callTool({ name: 'capture_item', arguments: captureArgs })) });
  step('whoami_after_step_up', summary(await client.callTool({ name: 'whoami', arguments: {} })));
}

try {
  // a read-only grant: discovery, dynamic registration, browser, code exchange
  const first = await authorize(READ_ONLY);
  step('authorized', { ...first, client_id: provider.clientInformation()?.client_id, grants: [...grants] });

  await client.connect(transport);
  const tools = await client.listTools();
  step('tools', { names: tools.tools.map((t) => t.name) });
  step('whoami', summary(await client.callTool({ name: 'whoami', arguments: {} })));
  step('list_items', summary(await client.callTool({ name: 'list_items', arguments: {} })));

  await (scenario === 'refresh' ? refresh() : stepUp());
  step('done', { grants });
  await client.close();
  callbacks.close();
  process.exit(0);
} catch (error) {
  console.error(`FAILED ${error?.stack ?? error}`);
  callbacks.close();
  process.exit(1);
}
