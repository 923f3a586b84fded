package com.defernowork.gateway.sandbox.oauth;

import java.time.Instant;
import java.util.List;

/** A public client registered through {@code POST /api/auth/native/register}. */
record NativeClient(String clientId, String clientName, List<String> redirectUris, Instant issuedAt) {

	boolean allows(String redirectUri) {
		// exact string match, as OAuth 2.1 requires
		return redirectUri != null && this.redirectUris.contains(redirectUri);
	}

}
