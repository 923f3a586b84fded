package com.defernowork.gateway.sandbox.oauth;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.defernowork.gateway.sandbox.store.Account;
import com.defernowork.gateway.sandbox.store.SandboxStore;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * {@code /api/auth/native/authorize}: shows the sign-in page and, on success, redirects
 * back with a single-use code bound to the PKCE challenge. A bad client or redirect URI
 * gets an HTML error page, never a redirect.
 */
@Controller
final class SignInController {

	private final NativeClients clients;

	private final AuthorizationCodes codes;

	private final SandboxStore store;

	SignInController(NativeClients clients, AuthorizationCodes codes, SandboxStore store) {
		this.clients = clients;
		this.codes = codes;
		this.store = store;
	}

	@GetMapping("/api/auth/native/authorize")
	ResponseEntity<String> show(@RequestParam Map<String, String> params) {
		return handle(params, false);
	}

	@PostMapping(path = "/api/auth/native/authorize", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
	ResponseEntity<String> submit(@RequestParam Map<String, String> params) {
		return handle(params, true);
	}

	private ResponseEntity<String> handle(Map<String, String> params, boolean submitted) {
		Optional<NativeClient> found = this.clients.find(params.get("client_id"));
		if (found.isEmpty()) {
			return html(HttpStatus.BAD_REQUEST, SignInPage.error("Unknown application",
					"No application is registered with client_id '" + params.getOrDefault("client_id", "") + "'."));
		}
		NativeClient client = found.get();
		String redirectUri = params.get("redirect_uri");
		if (!client.allows(redirectUri)) {
			return html(HttpStatus.BAD_REQUEST, SignInPage.error("Invalid redirect URI",
					"The redirect URI is not registered for this application (exact match required)."));
		}
		String state = params.get("state");
		if (!"code".equals(params.get("response_type"))) {
			return redirect(redirectUri, state, "unsupported_response_type", "response_type must be 'code'");
		}
		if (!"S256".equals(params.get("code_challenge_method"))) {
			return redirect(redirectUri, state, "invalid_request", "code_challenge_method must be S256");
		}
		if (!Pkce.isValidChallenge(params.get("code_challenge"))) {
			return redirect(redirectUri, state, "invalid_request", "a valid S256 code_challenge is required");
		}
		if (!submitted) {
			return page(client, params, null, HttpStatus.OK);
		}
		if ("cancel".equals(params.get("action"))) {
			return redirect(redirectUri, state, "access_denied", "the user cancelled the sign-in");
		}
		String username = params.getOrDefault("username", "").trim();
		Optional<Account> account = this.store.locked(() -> this.store.accountByUsername(username)
			.filter((a) -> a.password().equals(params.getOrDefault("password", ""))));
		if (account.isEmpty()) {
			return page(client, params, "Wrong username or password.", HttpStatus.OK);
		}
		String code = this.codes.issue(client.clientId(), redirectUri, params.get("code_challenge"),
				account.get().id());
		UriComponentsBuilder location = UriComponentsBuilder.fromUriString(redirectUri).queryParam("code", code);
		if (state != null) {
			location.queryParam("state", state);
		}
		return ResponseEntity.status(HttpStatus.FOUND)
			.header(HttpHeaders.LOCATION, location.encode().build().toUriString())
			.build();
	}

	private ResponseEntity<String> page(NativeClient client, Map<String, String> params, String error,
			HttpStatus status) {
		Map<String, String> hidden = new LinkedHashMap<>();
		for (String name : List.of("client_id", "redirect_uri", "response_type", "code_challenge",
				"code_challenge_method", "state")) {
			hidden.put(name, params.get(name));
		}
		List<String> demo = this.store.locked(
				() -> this.store.accounts.values().stream().map((a) -> a.username() + " / " + a.password()).toList());
		return html(status, SignInPage.signIn(client.clientName(), hidden, params.get("username"), error, demo));
	}

	private static ResponseEntity<String> redirect(String redirectUri, String state, String error, String description) {
		UriComponentsBuilder location = UriComponentsBuilder.fromUriString(redirectUri)
			.queryParam("error", error)
			.queryParam("error_description", description);
		if (state != null) {
			location.queryParam("state", state);
		}
		return ResponseEntity.status(HttpStatus.FOUND)
			.header(HttpHeaders.LOCATION, location.encode().build().toUriString())
			.build();
	}

	private static ResponseEntity<String> html(HttpStatus status, String body) {
		return ResponseEntity.status(status)
			.contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
			.header(HttpHeaders.CACHE_CONTROL, "no-store")
			// a sign-in form in another site's frame invites clickjacking: refused, as
			// Deferno's own sign-in refuses it
			.header("X-Frame-Options", "DENY")
			.header("Content-Security-Policy", "frame-ancestors 'none'")
			.body(body);
	}

}
