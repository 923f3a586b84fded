// Obtains real tokens for the benchmark, headless, the way an MCP client and a person in a browser do:
//   node oauth.mjs gateway ISSUER RESOURCE COUNT USER PASSWORD SCOPE
//       discovery -> DCR (public client, PKCE) -> COUNT x (authorize -> sign-in form -> consent form -> token);
//       one JSON line per grant: {"client_id", "access_token", "refresh_token"}
//   node oauth.mjs ts-demo AUTH_URL RESOURCE
//       the TypeScript SDK demo authorization server (signs everyone in at once): DCR -> authorize -> token
//   node oauth.mjs mcp-session MCP_URL TOKEN
//       initialize + notifications/initialized; prints the Mcp-Session-Id (empty line when the server has none)
// Node's own fetch, a cookie jar per host, forms read with regular expressions: the pages are the project's own.
import { createHash, randomBytes } from 'node:crypto';

const REDIRECT_URI = 'http://127.0.0.1:6276/oauth/callback';
const TIMEOUT_MS = 30000;

function fail(message) {
	process.stderr.write(`oauth.mjs: ${message}\n`);
	process.exit(1);
}

const jars = new Map();
function cookieHeader(url) {
	const jar = jars.get(new URL(url).host);
	return jar ? [...jar].map(([name, value]) => `${name}=${value}`).join('; ') : undefined;
}
function keepCookies(url, response) {
	const host = new URL(url).host;
	for (const line of response.headers.getSetCookie()) {
		const [pair] = line.split(';');
		const at = pair.indexOf('=');
		if (at < 1) continue;
		if (!jars.has(host)) jars.set(host, new Map());
		jars.get(host).set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
	}
}

async function send(url, { method = 'GET', body, headers = {} } = {}, attempt = 0) {
	const cookie = cookieHeader(url);
	const response = await fetch(url, {
		method, body, redirect: 'manual', signal: AbortSignal.timeout(TIMEOUT_MS),
		headers: { Accept: 'text/html,application/xhtml+xml,*/*;q=0.8', ...headers, ...(cookie ? { Cookie: cookie } : {}) },
	});
	keepCookies(url, response);
	// nginx's per-address limits: wait and retry, a few times at most
	if (response.status === 429 && attempt < 10) {
		await response.arrayBuffer();
		await new Promise(resolve => setTimeout(resolve, 1000));
		return send(url, { method, body, headers }, attempt + 1);
	}
	return response;
}

async function json(response, what) {
	const text = await response.text();
	if (!response.ok) fail(`${what}: HTTP ${response.status} ${text.slice(0, 300)}`);
	return JSON.parse(text);
}

function form(url, fields) {
	return send(url, { method: 'POST', body: new URLSearchParams(fields).toString(),
		headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
}

function pkce() {
	const verifier = randomBytes(32).toString('base64url');
	return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

function decode(text) {
	return text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>')
		.replace(/&#x2F;/gi, '/').replace(/&#x3D;/gi, '=').replace(/&amp;/g, '&');
}
function attribute(tag, name) {
	const match = tag.match(new RegExp(`\\s${name}="([^"]*)"`, 'i'));
	return match ? decode(match[1]) : undefined;
}

/** The first form of the page as the browser would submit it with its first submit button. */
function firstForm(html, pageUrl, user, password) {
	const match = html.match(/<form\b[^>]*>[\s\S]*?<\/form>/i);
	if (!match) fail(`no form on ${pageUrl}: ${html.replace(/\s+/g, ' ').slice(0, 300)}`);
	const formHtml = match[0];
	const action = new URL(attribute(formHtml.match(/<form\b[^>]*>/i)[0], 'action') || pageUrl, pageUrl).href;
	const fields = [];
	for (const [input] of formHtml.matchAll(/<input\b[^>]*>/gi)) {
		const type = (attribute(input, 'type') || 'text').toLowerCase();
		const name = attribute(input, 'name');
		if (!name) continue;
		if (type === 'password') fields.push([name, password]);
		else if (type === 'checkbox' || type === 'radio') {
			if (/\schecked\b/i.test(input)) fields.push([name, attribute(input, 'value') ?? 'on']);
		}
		else if (/user/i.test(name) && type === 'text') fields.push([name, user]);
		else fields.push([name, attribute(input, 'value') ?? '']);
	}
	const button = formHtml.match(/<button\b[^>]*type="submit"[^>]*>/i);
	if (button && attribute(button[0], 'name')) fields.push([attribute(button[0], 'name'), attribute(button[0], 'value') ?? '']);
	return { action, fields };
}

/** Follows redirects and submits sign-in and consent forms until the authorization server redirects to us. */
async function browse(authorizeUrl, user, password) {
	let response = await send(authorizeUrl);
	let url = authorizeUrl;
	if (process.env.OAUTH_DEBUG) process.stderr.write(`GET ${url}\n`);
	for (let hops = 0; hops < 30; hops++) {
		if (response.status >= 300 && response.status < 400) {
			await response.arrayBuffer();
			const next = new URL(response.headers.get('location'), url).href;
			if (next.startsWith(REDIRECT_URI)) return new URL(next);
			url = next;
			if (process.env.OAUTH_DEBUG) process.stderr.write(`GET ${url}\n`);
			response = await send(url);
			continue;
		}
		const html = await response.text();
		if (response.status !== 200) fail(`HTTP ${response.status} at ${url}: ${html.replace(/\s+/g, ' ').slice(0, 300)}`);
		const { action, fields } = firstForm(html, url, user, password);
		url = action;
		if (process.env.OAUTH_DEBUG) process.stderr.write(`POST ${action} ${JSON.stringify(fields)}\n`);
		response = await form(action, fields);
	}
	fail(`no redirect to the client after 30 steps, last at ${url}`);
}

async function gateway([issuer, resource, count, user, password, scope]) {
	const metadata = await json(await send(`${issuer}/.well-known/oauth-authorization-server`), 'AS metadata');
	const registration = await json(await send(metadata.registration_endpoint, {
		method: 'POST', headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ redirect_uris: [REDIRECT_URI], token_endpoint_auth_method: 'none',
			grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'],
			client_name: 'bench', scope }),
	}), 'registration');
	const clientId = registration.client_id;
	for (let i = 0; i < Number(count); i++) {
		const { verifier, challenge } = pkce();
		const state = randomBytes(12).toString('base64url');
		const query = new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: REDIRECT_URI,
			code_challenge: challenge, code_challenge_method: 'S256', state, scope, resource });
		const callback = await browse(`${metadata.authorization_endpoint}?${query}`, user, password);
		if (callback.searchParams.get('state') !== state) fail(`state mismatch in ${callback}`);
		const code = callback.searchParams.get('code');
		if (!code) fail(`no code in the redirect: ${callback.searchParams.get('error') ?? callback}`);
		const tokens = await json(await form(metadata.token_endpoint, { grant_type: 'authorization_code', code,
			code_verifier: verifier, redirect_uri: REDIRECT_URI, client_id: clientId, resource }), 'token');
		process.stdout.write(JSON.stringify({ client_id: clientId, access_token: tokens.access_token,
			refresh_token: tokens.refresh_token }) + '\n');
	}
}

async function tsDemo([authUrl, resource]) {
	const metadata = await json(await send(`${authUrl}/.well-known/oauth-authorization-server`), 'demo AS metadata');
	const registration = await json(await send(metadata.registration_endpoint, {
		method: 'POST', headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ redirect_uris: [REDIRECT_URI], token_endpoint_auth_method: 'none',
			grant_types: ['authorization_code'], response_types: ['code'], client_name: 'bench', scope: 'mcp:tools' }),
	}), 'demo registration');
	const { verifier, challenge } = pkce();
	const query = new URLSearchParams({ response_type: 'code', client_id: registration.client_id,
		redirect_uri: REDIRECT_URI, code_challenge: challenge, code_challenge_method: 'S256', state: 's',
		scope: 'mcp:tools', resource });
	const callback = await browse(`${metadata.authorization_endpoint}?${query}`, '', '');
	const tokens = await json(await form(metadata.token_endpoint, { grant_type: 'authorization_code',
		code: callback.searchParams.get('code'), code_verifier: verifier, redirect_uri: REDIRECT_URI,
		client_id: registration.client_id, resource }), 'demo token');
	process.stdout.write(JSON.stringify({ client_id: registration.client_id, access_token: tokens.access_token }) + '\n');
}

async function mcpSession([url, token]) {
	const headers = { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream',
		Authorization: `Bearer ${token}`, 'MCP-Protocol-Version': '2025-11-25' };
	const init = await send(url, { method: 'POST', headers, body: JSON.stringify({ jsonrpc: '2.0', id: 1,
		method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {},
			clientInfo: { name: 'bench', version: '1' } } }) });
	const text = await init.text();
	if (init.status !== 200) fail(`initialize at ${url}: HTTP ${init.status} ${text.slice(0, 300)}`);
	const session = init.headers.get('mcp-session-id');
	if (session) headers['Mcp-Session-Id'] = session;
	const done = await send(url, { method: 'POST', headers,
		body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }) });
	await done.arrayBuffer();
	if (done.status >= 300) fail(`notifications/initialized at ${url}: HTTP ${done.status}`);
	process.stdout.write((session ?? '') + '\n');
}

const [command, ...args] = process.argv.slice(2);
const commands = { gateway, 'ts-demo': tsDemo, 'mcp-session': mcpSession };
if (!commands[command]) fail(`usage: oauth.mjs gateway|ts-demo|mcp-session ...`);
await commands[command](args);
