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
import { randomBytes } from 'node:crypto';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { auth } from '@modelcontextprotocol/sdk/client/auth.js';
import { MemoryOAuthProvider, startCallbackListener, step, summary } from './oauth-host.mjs';

const [mcpUrl, callbackPortArg, scenario, clientMetadataUrl] = process.argv.slice(2);
if (!mcpUrl || !callbackPortArg || !['refresh', 'step-up'].includes(scenario)) {
  console.error('FAILED usage: node sdk-client.mjs <MCP URL> <callback port> refresh|step-up [client metadata URL]');
  process.exit(2);
}
const READ_ONLY = 'tasks:read profile:read';
const callbacks = await startCallbackListener(callbackPortArg);

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

const provider = new MemoryOAuthProvider(callbacks.redirectUrl, 'Deferno e2e SDK client', clientMetadataUrl);
const transport = new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: provider, fetch: recordingFetch });
const client = new Client({ name: 'deferno-e2e-sdk-client', version: '1.0.0' });

/** Authorizes with {@code scope}: the SDK discovers, registers when needed and redirects; the person approves. */
async function authorize(scope) {
  const result = await auth(provider, { serverUrl: new URL(mcpUrl), scope, fetchFn: recordingFetch });
  if (result !== 'REDIRECT') {
    throw new Error(`expected the SDK to send the person to the authorization server, got ${result}`);
  }
  const { code, iss } = await callbacks.awaitCallback(provider.lastState);
  await transport.finishAuth(code);
  return { iss, scope: provider.tokens()?.scope, expires_in: provider.tokens()?.expires_in };
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
