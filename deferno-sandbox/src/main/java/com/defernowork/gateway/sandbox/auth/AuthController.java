package com.defernowork.gateway.sandbox.auth;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.defernowork.gateway.sandbox.api.ApiException;
import com.defernowork.gateway.sandbox.api.Body;
import com.defernowork.gateway.sandbox.store.Account;
import com.defernowork.gateway.sandbox.store.ApiToken;
import com.defernowork.gateway.sandbox.store.SandboxStore;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /auth/me} and the caller's API tokens. */
@RestController
final class AuthController {

	private final SandboxStore store;

	private final Tokens tokens;

	AuthController(SandboxStore store, Tokens tokens) {
		this.store = store;
		this.tokens = tokens;
	}

	@GetMapping("/api/auth/me")
	Map<String, Object> me(Account account) {
		return view(account);
	}

	@GetMapping("/api/auth/tokens")
	List<Map<String, Object>> tokens(Account account) {
		return this.store.locked(() -> this.store.tokens.values()
			.stream()
			.filter((token) -> token.userId.equals(account.id()))
			.map(AuthController::view)
			.toList());
	}

	@PostMapping("/api/auth/tokens")
	@ResponseStatus(HttpStatus.CREATED)
	Map<String, Object> create(Account account, @RequestBody(required = false) Map<String, Object> body) {
		String name = Body.of(body).string("name");
		if (name == null || name.isBlank()) {
			throw ApiException.validation("name must be non-empty");
		}
		ApiToken token = this.tokens.issue(account, name.trim(), "personal_access_token", null);
		Map<String, Object> view = view(token);
		view.put("token", token.value);
		return view;
	}

	/**
	 * Ends the session of the bearer token: the token itself is revoked. Deferno answers
	 * where the browser would sign out at its identity provider; the sandbox has none.
	 */
	@PostMapping("/api/auth/logout")
	Map<String, Object> logout(Account account, @RequestHeader(HttpHeaders.AUTHORIZATION) String authorization) {
		this.tokens.revoke(authorization.substring("Bearer ".length()).trim());
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("logout_url", null);
		return view;
	}

	@DeleteMapping("/api/auth/tokens/{id}")
	ResponseEntity<Void> revoke(Account account, @PathVariable UUID id) {
		boolean removed = this.store.locked(() -> this.store.tokens.values()
			.removeIf((token) -> token.id.equals(id) && token.userId.equals(account.id())));
		if (!removed) {
			throw ApiException.notFound("token not found");
		}
		return ResponseEntity.noContent().build();
	}

	static Map<String, Object> view(Account account) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("id", account.id());
		view.put("username", account.username());
		view.put("display_name", account.displayName());
		view.put("email", account.username() + "@sandbox.deferno.invalid");
		view.put("is_admin", account.admin());
		view.put("role", account.admin() ? "admin" : "user");
		view.put("personal_org_id", account.personalOrg().id);
		view.put("org_slug", account.personalOrg().slug);
		return view;
	}

	static Map<String, Object> view(ApiToken token) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("id", token.id);
		view.put("name", token.name);
		view.put("kind", token.kind);
		view.put("created_at", token.createdAt.toString());
		view.put("client_id", token.clientId);
		view.put("last_used_at", (token.lastUsedAt != null) ? token.lastUsedAt.toString() : null);
		return view;
	}

}
