package com.defernowork.gateway.sandbox;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of the simulator: envelope version, the internal shared secret of
 * {@code /internal/mcp-session}, the shared organization every demo user belongs to, and
 * the demo users themselves.
 */
@ConfigurationProperties("sandbox")
public record SandboxProperties(@DefaultValue("0.1") String apiVersion,
		@DefaultValue("sandbox-internal-secret") String internalSecret, @DefaultValue("acme") String sharedOrg,
		List<DemoUser> users) {

	public SandboxProperties {
		if (!"0.1".equals(apiVersion) && !"0.2".equals(apiVersion)) {
			throw new IllegalArgumentException(
					"sandbox.api-version (SANDBOX_API_VERSION) must be 0.1 or 0.2, not '" + apiVersion + "'");
		}
		users = (users != null) ? List.copyOf(users) : List.of();
	}

	/**
	 * A demo account: sign-in name and password, its personal org slug and an optional
	 * fixed API token.
	 */
	public record DemoUser(String username, String password, String displayName, String oidcSubject, String orgSlug,
			String token, boolean admin) {

		public DemoUser {
			if (username == null || username.isBlank() || password == null || password.isEmpty()) {
				throw new IllegalArgumentException("every sandbox.users entry needs a username and a password");
			}
			if (orgSlug == null || orgSlug.isBlank()) {
				orgSlug = "u-" + username;
			}
			if (displayName == null || displayName.isBlank()) {
				displayName = username;
			}
			if (oidcSubject == null || oidcSubject.isBlank()) {
				oidcSubject = username;
			}
		}

	}

}
