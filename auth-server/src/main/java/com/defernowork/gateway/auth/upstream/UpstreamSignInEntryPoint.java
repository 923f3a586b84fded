package com.defernowork.gateway.auth.upstream;

import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;

/**
 * Sends a signed-out person straight to the upstream sign-in,
 * {@code /oauth2/authorization/<connector>}.
 */
public final class UpstreamSignInEntryPoint extends LoginUrlAuthenticationEntryPoint {

	UpstreamSignInEntryPoint(String registrationId) {
		super("/oauth2/authorization/" + registrationId);
	}

}
