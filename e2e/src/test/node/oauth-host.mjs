// What an MCP host keeps around its SDK's OAuth client: the loopback redirect listener (RFC 8252), an in-memory
// OAuthClientProvider, and the STEP/AUTHORIZE lines the e2e tests read. Shared by sdk-client.mjs (TypeScript SDK
// 1.x) and sdk2-client.mjs (@modelcontextprotocol/client 2.x): the provider interface is the same in both.
import http from 'node:http';
import { randomBytes } from 'node:crypto';

const CALLBACK_TIMEOUT_MS = 120_000;

/** Reports one step to the test: {@code STEP <name> <json>}. */
export function step(name, value) {
  process.stdout.write(`STEP ${name} ${JSON.stringify(value)}\n`);
}

/** Listens on 127.0.0.1:<port>/callback for one authorization at a time. */
export async function startCallbackListener(port) {
  const redirectUrl = `http://127.0.0.1:${port}/callback`;
  let pending;
  const server = http.createServer((request, response) => {
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
      resolve({ code: url.searchParams.get('code'), iss: url.searchParams.get('iss') ?? undefined });
    }
  });
  await new Promise((resolve) => server.listen(Number(port), '127.0.0.1', resolve));
  return {
    redirectUrl,
    /** Resolves with {code, iss} when the browser comes back with {@code state}. */
    awaitCallback(state) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no authorization callback within 120 s')), CALLBACK_TIMEOUT_MS);
        pending = {
          state,
          resolve: (value) => { clearTimeout(timer); resolve(value); },
          reject: (error) => { clearTimeout(timer); reject(error); },
        };
      });
    },
    close() { server.close(); },
  };
}

/** An in-memory OAuthClientProvider, as a host keeps one per server; authorization URLs go to the test. */
export class MemoryOAuthProvider {
  constructor(redirectUrl, clientName, clientMetadataUrl) {
    this._redirectUrl = redirectUrl;
    this._clientName = clientName;
    this._clientMetadataUrl = clientMetadataUrl;
    this.savedTokens = undefined;
    this.client = undefined;
    this.verifier = undefined;
    this.lastState = undefined;
    this.discovery = undefined;
  }
  get redirectUrl() { return this._redirectUrl; }
  /** A Client ID Metadata Document URL: the SDK uses it as client_id when the AS supports CIMD. */
  get clientMetadataUrl() { return this._clientMetadataUrl; }
  get clientMetadata() {
    return {
      client_name: this._clientName,
      redirect_uris: [this._redirectUrl],
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
    if (scope === 'all' || scope === 'discovery') this.discovery = undefined;
  }
}

/** A tool result as the test reads it. */
export function summary(result) {
  return {
    isError: result.isError === true,
    text: (result.content ?? []).filter((c) => c.type === 'text').map((c) => c.text).join('\n'),
    structured: result.structuredContent ?? null,
  };
}
