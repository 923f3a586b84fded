package com.defernowork.gateway.auth.config;

import java.util.List;
import java.util.Map;

import org.springframework.util.StringUtils;

/**
 * An authorization request's {@code prompt} (defined by OpenID Connect Core §3.1.2.1 and
 * registered for OAuth authorization requests). This server is no OpenID provider, but a
 * client asking for no page at all ({@code none}) must not get a sign-in or consent page
 * it cannot show, and one asking for the consent page ({@code consent}) gets it even when
 * an approval is remembered. Other values, {@code login} among them, are ignored as RFC
 * 6749 §3.1 asks of what a server does not implement: the sign-in is Deferno's, which
 * offers no way to demand fresh credentials.
 */
public final class Prompt {

	public static final String PARAMETER = "prompt";

	public static final String NONE = "none";

	public static final String CONSENT = "consent";

	/** Nobody is signed in, and {@code none} forbids the sign-in page. */
	public static final String LOGIN_REQUIRED = "login_required";

	/** The consent page would be needed, and {@code none} forbids it. */
	public static final String CONSENT_REQUIRED = "consent_required";

	private Prompt() {
	}

	/**
	 * The space-delimited values; {@code null} when the parameter was repeated (it then
	 * arrives as an array).
	 */
	public static List<String> values(Map<String, Object> parameters) {
		Object prompt = parameters.get(PARAMETER);
		if (prompt == null) {
			return List.of();
		}
		if (!(prompt instanceof String value)) {
			return null;
		}
		return List.of(StringUtils.tokenizeToStringArray(value, " "));
	}

	public static boolean asks(Map<String, Object> parameters, String value) {
		List<String> values = values(parameters);
		return values != null && values.contains(value);
	}

}
