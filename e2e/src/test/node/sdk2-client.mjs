// An MCP host built on the TypeScript SDK v2 client (@modelcontextprotocol/client 2.x), which speaks MCP
// 2026-07-28: Client + StreamableHTTPClientTransport + an OAuthClientProvider, with version negotiation
//   modern: pinned to 2026-07-28 (no initialize; server/discover, per-request _meta and routing headers), and a
//           step-up driven by the host: a write tool, the server's 403 insufficient_scope, a new authorization
//           for the union of scopes, the call again;
//   auto:   the SDK probes server/discover and picks the era itself.
//
// Usage: node sdk2-client.mjs <MCP URL> <callback port> modern|auto
// Talks to the test that runs it through stdout lines:
//   AUTHORIZE <url>        a person must open <url> in a browser (the test drives Chromium)
//   STEP <name> <json>     what happened at one step, for the test to assert on
// Exits 0 when every step ran; otherwise prints FAILED <reason> on stderr and exits 1.
import { randomBytes } from 'node:crypto';
import {
  Client, InsufficientScopeError, StreamableHTTPClientTransport, auth, computeScopeUnion,
} from '@modelcontextprotocol/client';
import { MemoryOAuthProvider, startCallbackListener, step, summary } from './oauth-host.mjs';

const [mcpUrl, callbackPortArg, mode] = process.argv.slice(2);
if (!mcpUrl || !callbackPortArg || !['modern', 'auto'].includes(mode)) {
  console.error('FAILED usage: node sdk2-client.mjs <MCP URL> <callback port> modern|auto');
  process.exit(2);
}
const MODERN = '2026-07-28';
const READ_ONLY = 'tasks:read profile:read';
const callbacks = await startCallbackListener(callbackPortArg);

// ---- fetch, recorded: what went over the wire to /mcp and what came back ----
const exchanges = [];
const reading = [];
async function recordingFetch(input, init) {
  const url = String(input instanceof Request ? input.url : input);
  const response = await fetch(input, init);
  if (url === mcpUrl && (init?.method ?? 'GET') === 'POST') {
    const headers = new Headers(init.headers);
    const exchange = {
      method: headers.get('mcp-method'),
      name: headers.get('mcp-name'),
      protocolVersion: headers.get('mcp-protocol-version'),
      bodyMethod: safeJson(typeof init.body === 'string' ? init.body : '')?.method ?? null,
      status: response.status,
      challenge: response.headers.get('www-authenticate'),
    };
    exchanges.push(exchange);
    reading.push(response.clone().text().then((text) => Object.assign(exchange, resultShape(text))).catch(() => {}));
  }
  return response;
}

function safeJson(text) {
  try { return JSON.parse(text); } catch { return undefined; }
}

/** The caching and era fields of a JSON or SSE response's result. */
function resultShape(text) {
  const data = text.trimStart().startsWith('{') ? text
    : text.split('\n').filter((line) => line.startsWith('data:')).map((line) => line.slice(5)).at(-1) ?? '';
  const message = safeJson(data);
  const result = message?.result;
  return {
    resultType: result?.resultType ?? null,
    cacheScope: result?.cacheScope ?? null,
    ttlMs: result?.ttlMs ?? null,
    errorCode: message?.error?.code ?? null,
  };
}

const provider = new MemoryOAuthProvider(callbacks.redirectUrl, `Deferno e2e SDK v2 client (${mode})`);
// the host decides when the person sees a consent page again: step-up is ours, not the transport's
const transport = new StreamableHTTPClientTransport(new URL(mcpUrl),
  { authProvider: provider, fetch: recordingFetch, onInsufficientScope: 'throw' });
const client = new Client({ name: 'deferno-e2e-sdk2-client', version: '1.0.0' },
  { versionNegotiation: { mode: mode === 'modern' ? { pin: MODERN } : 'auto' } });

/** Authorizes with {@code scope}: the SDK discovers, registers when needed and redirects; the person approves. */
async function authorize(scope, forceReauthorization = false) {
  const result = await auth(provider,
    { serverUrl: new URL(mcpUrl), scope, fetchFn: recordingFetch, forceReauthorization });
  if (result !== 'REDIRECT') {
    throw new Error(`expected the SDK to send the person to the authorization server, got ${result}`);
  }
  const { code, iss } = await callbacks.awaitCallback(provider.lastState);
  await transport.finishAuth(code, iss);
  return { iss: iss ?? null, scope: provider.tokens()?.scope };
}

/** A write tool on a read-only grant: 403 insufficient_scope, a new authorization for the union, the call again. */
async function stepUp() {
  const title = `e2e sdk2 capture ${randomBytes(4).toString('hex')}`;
  const captureArgs = { title, attend: false, repeats: false };
  let required;
  try {
    const result = await client.callTool({ name: 'capture_item', arguments: captureArgs });
    step('step_up_denied', { unexpected_success: summary(result) });
    throw new Error('capture_item ran on a read-only grant');
  } catch (error) {
    if (!(error instanceof InsufficientScopeError)) {
      throw error;
    }
    required = error.requiredScope;
    step('step_up_denied', { required_scope: required ?? null,
      challenge: exchanges.filter((e) => e.status === 403).at(-1)?.challenge ?? null });
  }
  const union = computeScopeUnion(provider.tokens()?.scope ?? READ_ONLY, required ?? '');
  step('step_up_authorized', { requested: union, ...(await authorize(union, true)) });
  step('capture_item', { title, ...summary(await client.callTool({ name: 'capture_item', arguments: captureArgs })) });
}

try {
  // a read-only grant: discovery, dynamic registration, browser, code exchange
  step('authorized', { ...(await authorize(READ_ONLY)), client_id: provider.clientInformation()?.client_id });

  await client.connect(transport);
  step('connected', {
    era: client.getProtocolEra() ?? null,
    version: client.getNegotiatedProtocolVersion() ?? null,
    supportedVersions: client.getDiscoverResult()?.supportedVersions ?? null,
    server: client.getServerVersion()?.name ?? null,
  });
  step('tools', { names: (await client.listTools()).tools.map((t) => t.name) });
  step('prompts', { names: (await client.listPrompts()).prompts.map((p) => p.name) });
  const review = await client.getPrompt({ name: 'daily_review', arguments: { date: '2026-07-28' } });
  step('daily_review', { text: review.messages.map((m) => m.content?.text ?? '').join('\n') });
  step('whoami', summary(await client.callTool({ name: 'whoami', arguments: {} })));
  step('list_items', summary(await client.callTool({ name: 'list_items', arguments: {} })));
  if (mode === 'modern') {
    await stepUp();
  }
  await Promise.all(reading);
  step('wire', { exchanges });
  await client.close();
  callbacks.close();
  process.exit(0);
} catch (error) {
  console.error(`FAILED ${error?.stack ?? error}`);
  callbacks.close();
  process.exit(1);
}
