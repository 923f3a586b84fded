package com.defernowork.gateway.sandbox.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;

import com.defernowork.gateway.sandbox.SandboxProperties;
import com.defernowork.gateway.sandbox.api.ApiException;
import com.defernowork.gateway.sandbox.api.Body;
import com.defernowork.gateway.sandbox.store.Account;
import com.defernowork.gateway.sandbox.store.ApiToken;
import com.defernowork.gateway.sandbox.store.SandboxStore;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/internal/mcp-session}: a trusted gateway that signed the person in
 * upstream (OIDC) trades the shared secret and the person's subject for a Deferno API
 * token.
 */
@RestController
final class InternalSessionController {

	private final SandboxProperties properties;

	private final SandboxStore store;

	private final Tokens tokens;

	InternalSessionController(SandboxProperties properties, SandboxStore store, Tokens tokens) {
		this.properties = properties;
		this.store = store;
		this.tokens = tokens;
	}

	@PostMapping("/api/internal/mcp-session")
	Map<String, Object> session(@RequestHeader(name = "X-Internal-Secret", required = false) String secret,
			@RequestBody(required = false) Map<String, Object> json) {
		if (secret == null || !MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8),
				this.properties.internalSecret().getBytes(StandardCharsets.UTF_8))) {
			throw ApiException.unauthorized("missing or invalid X-Internal-Secret");
		}
		Body body = Body.of(json);
		String subject = body.string("oidc_subject");
		String username = (body.string("oidc_username") != null) ? body.string("oidc_username")
				: body.string("username");
		if ((subject == null || subject.isBlank()) && (username == null || username.isBlank())) {
			throw ApiException.badRequest("missing required field 'oidc_subject'");
		}
		Account account = this.store.locked(() -> this.store.accounts.values()
			.stream()
			.filter((a) -> a.oidcSubject().equals(subject))
			.findFirst()
			.or(() -> this.store.accounts.values().stream().filter((a) -> a.username().equals(username)).findFirst())
			.orElseThrow(() -> ApiException.notFound("no sandbox user for oidc subject '" + subject + "'")));
		String clientName = body.string("mcp_client_name");
		ApiToken token = this.tokens.issue(account, (clientName != null) ? clientName : "MCP session", "mcp_session",
				body.string("mcp_client_id"));
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("token", token.value);
		data.put("user_id", account.id());
		return data;
	}

}
