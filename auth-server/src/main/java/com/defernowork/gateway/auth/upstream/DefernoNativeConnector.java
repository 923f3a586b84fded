package com.defernowork.gateway.auth.upstream;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import com.defernowork.gateway.auth.user.DefernoUser;
import com.defernowork.gateway.auth.vault.DefernoCredential;

import org.springframework.util.DigestUtils;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Connector {@code deferno}: Deferno's native OAuth (contract §11.5). The gateway is a public client with its
 * own PKCE; the code redeems to a durable personal access token, and {@code /auth/me} names its owner.
 */
final class DefernoNativeConnector implements UpstreamConnector {

	private final DefernoApi deferno;

	private final NativeClientStore clients;

	private final String configuredClientId;

	private final String clientName;

	private final String callbackUri;

	DefernoNativeConnector(DefernoApi deferno, NativeClientStore clients, String configuredClientId,
			String clientName, String callbackUri) {
		this.deferno = deferno;
		this.clients = clients;
		this.configuredClientId = configuredClientId;
		this.clientName = clientName;
		this.callbackUri = callbackUri;
	}

	@Override
	public URI authorizationUri(PendingLogin login) {
		return UriComponentsBuilder.fromUriString(this.deferno.baseUrl() + "/auth/native/authorize")
			.queryParam("client_id", clientId())
			.queryParam("redirect_uri", this.callbackUri)
			.queryParam("response_type", "code")
			.queryParam("code_challenge", login.codeChallenge())
			.queryParam("code_challenge_method", "S256")
			.queryParam("state", login.state())
			.encode()
			.build()
			.toUri();
	}

	@Override
	public UpstreamSignIn complete(PendingLogin login, String code, RequestingClient client) {
		String tokenName = (client.clientName() != null) ? "MCP: " + client.clientName() : this.clientName;
		String token;
		try {
			token = this.deferno.redeem(code, login.codeVerifier(), clientId(), this.callbackUri, tokenName);
		}
		catch (UpstreamRejectedException ex) {
			if ("invalid_client".equals(ex.code()) && !hasConfiguredClientId()) {
				// Deferno forgot our registration (e.g. a restarted sandbox): register afresh at the next sign-in.
				this.clients.forget(registrationKey());
			}
			throw ex;
		}
		DefernoUser user = this.deferno.me(token);
		return new UpstreamSignIn(user, new DefernoCredential(token, null));
	}

	String clientId() {
		if (hasConfiguredClientId()) {
			return this.configuredClientId;
		}
		String key = registrationKey();
		String clientId = this.clients.find(key);
		if (clientId == null) {
			clientId = this.deferno.register(this.clientName, this.callbackUri);
			this.clients.save(key, clientId);
		}
		return clientId;
	}

	private boolean hasConfiguredClientId() {
		return this.configuredClientId != null && !this.configuredClientId.isBlank();
	}

	private String registrationKey() {
		byte[] digest = DigestUtils.md5Digest((this.deferno.baseUrl() + " " + this.callbackUri)
			.getBytes(StandardCharsets.UTF_8));
		return HexFormat.of().formatHex(digest);
	}

}
