package com.defernowork.gateway.mcp.security;

import java.net.URI;
import java.net.URISyntaxException;

import com.defernowork.gateway.web.settings.InvalidSettingException;
import com.defernowork.gateway.web.settings.Settings;

/**
 * Where this server reaches the auth server: its root, as its endpoints are there
 * ({@code /oauth2/introspect}, {@code /oauth2/jwks}, ...) and are appended to it. A path
 * or a query made every call miss (a query ended up before the endpoint's path), which
 * showed only as every token refused.
 */
final class AuthServerUrl {

	static final String SETTING = "AUTH_INTERNAL_URL (mcp.security.internal-url)";

	private AuthServerUrl() {
	}

	/** The URL without its trailing slash, if it names the auth server's root. */
	static String root(String value) {
		String url = value.strip();
		url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
		URI uri = parsed(url);
		if (uri != null && uri.getRawAuthority() != null
				&& (!uri.getRawPath().isEmpty() || uri.getRawQuery() != null)) {
			throw new InvalidSettingException(SETTING,
					"the auth server's root URL, without path or query (its endpoints are at its root), "
							+ "e.g. http://auth-server:9000",
					value);
		}
		return Settings.httpUrl(url, SETTING);
	}

	private static URI parsed(String url) {
		try {
			return new URI(url);
		}
		catch (URISyntaxException ex) {
			return null;
		}
	}

}
