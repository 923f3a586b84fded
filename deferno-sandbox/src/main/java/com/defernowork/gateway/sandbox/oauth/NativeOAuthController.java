package com.defernowork.gateway.sandbox.oauth;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.defernowork.gateway.sandbox.api.ApiException;
import com.defernowork.gateway.sandbox.api.Body;
import com.defernowork.gateway.sandbox.auth.Tokens;
import com.defernowork.gateway.sandbox.store.Account;
import com.defernowork.gateway.sandbox.store.ApiToken;
import com.defernowork.gateway.sandbox.store.SandboxStore;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Deferno's native OAuth for public clients: RFC 7591-style registration and the
 * code-for-token exchange, which yields a durable, revocable personal access token.
 */
@RestController
final class NativeOAuthController {

	private final NativeClients clients;

	private final AuthorizationCodes codes;

	private final SandboxStore store;

	private final Tokens tokens;

	private final Clock clock;

	NativeOAuthController(NativeClients clients, AuthorizationCodes codes, SandboxStore store, Tokens tokens,
			Clock clock) {
		this.clients = clients;
		this.codes = codes;
		this.store = store;
		this.tokens = tokens;
		this.clock = clock;
	}

	@PostMapping("/api/auth/native/register")
	@ResponseStatus(HttpStatus.CREATED)
	Map<String, Object> register(@RequestBody(required = false) Map<String, Object> json) {
		Body body = Body.of(json);
		List<String> redirectUris = body.strings("redirect_uris");
		if (redirectUris == null || redirectUris.isEmpty()) {
			throw oauthError("invalid_redirect_uri", "redirect_uris must list at least one redirect URI");
		}
		redirectUris.forEach(NativeOAuthController::checkRedirectUri);
		String method = body.string("token_endpoint_auth_method");
		if (method != null && !"none".equals(method)) {
			throw oauthError("invalid_client_metadata",
					"token_endpoint_auth_method must be 'none': native clients are public");
		}
		String name = body.string("client_name");
		NativeClient client = this.clients.register((name != null && !name.isBlank()) ? name : "Unnamed client",
				redirectUris, this.clock.instant());
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("client_id", client.clientId());
		data.put("client_name", client.clientName());
		data.put("redirect_uris", client.redirectUris());
		data.put("token_endpoint_auth_method", "none");
		data.put("client_id_issued_at", client.issuedAt().getEpochSecond());
		return data;
	}

	@PostMapping(path = "/api/auth/native/token", consumes = MediaType.APPLICATION_JSON_VALUE)
	Map<String, Object> tokenFromJson(@RequestBody(required = false) Map<String, Object> json) {
		Body body = Body.of(json);
		return exchange(body.string("code"), body.string("code_verifier"), body.string("client_id"),
				body.string("redirect_uri"), body.string("name"));
	}

	@PostMapping(path = "/api/auth/native/token", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
	Map<String, Object> tokenFromForm(@RequestParam MultiValueMap<String, String> form) {
		return exchange(form.getFirst("code"), form.getFirst("code_verifier"), form.getFirst("client_id"),
				form.getFirst("redirect_uri"), form.getFirst("name"));
	}

	private Map<String, Object> exchange(String code, String verifier, String clientId, String redirectUri,
			String name) {
		for (Map.Entry<String, String> required : Map
			.of("code", nn(code), "code_verifier", nn(verifier), "client_id", nn(clientId), "redirect_uri",
					nn(redirectUri))
			.entrySet()) {
			if (required.getValue().isEmpty()) {
				throw oauthError("invalid_request", "missing required parameter '" + required.getKey() + "'");
			}
		}
		NativeClient client = this.clients.find(clientId)
			.orElseThrow(() -> oauthError("invalid_client", "unknown client_id"));
		AuthorizationCodes.Grant grant = this.codes.consume(code)
			.orElseThrow(() -> oauthError("invalid_grant", "authorization code is invalid, expired or already used"));
		if (!grant.clientId().equals(client.clientId())) {
			throw oauthError("invalid_grant", "authorization code was issued to another client");
		}
		if (!grant.redirectUri().equals(redirectUri)) {
			throw oauthError("invalid_grant", "redirect_uri does not match the authorization request");
		}
		if (!Pkce.matches(verifier, grant.codeChallenge())) {
			throw oauthError("invalid_grant", "code_verifier does not match the code_challenge (S256)");
		}
		Account account = this.store.locked(() -> this.store.accounts.get(grant.userId()));
		ApiToken token = this.tokens.issue(account, (name != null && !name.isBlank()) ? name : client.clientName(),
				"personal_access_token", client.clientId());
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("id", token.id);
		data.put("name", token.name);
		data.put("kind", token.kind);
		data.put("created_at", token.createdAt.toString());
		data.put("client_id", token.clientId);
		data.put("last_used_at", null);
		data.put("token", token.value);
		return data;
	}

	private static String nn(String value) {
		return (value != null) ? value.trim() : "";
	}

	static void checkRedirectUri(String value) {
		try {
			URI uri = new URI(value);
			if (!uri.isAbsolute() || uri.getFragment() != null) {
				throw oauthError("invalid_redirect_uri",
						"redirect URI must be absolute and without fragment: " + value);
			}
		}
		catch (URISyntaxException ex) {
			throw oauthError("invalid_redirect_uri", "not a valid URI: " + value);
		}
	}

	private static ApiException oauthError(String code, String message) {
		return new ApiException(HttpStatus.BAD_REQUEST, code, message);
	}

}
