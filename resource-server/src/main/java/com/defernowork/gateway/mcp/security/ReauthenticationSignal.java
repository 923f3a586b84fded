package com.defernowork.gateway.mcp.security;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Marks the current request as one whose MCP answer must become a 401
 * {@code invalid_token}: the grant behind its token no longer works upstream, and only a
 * new sign-in can fix that. Raised deep inside a tool call, acted on by a response filter
 * of the security layer once the MCP server is done.
 */
public final class ReauthenticationSignal {

	private static final String ATTRIBUTE = ReauthenticationSignal.class.getName();

	private ReauthenticationSignal() {
	}

	/**
	 * Raises the signal for the request bound to this thread; does nothing outside a
	 * request.
	 * @param why what ended the sign-in as far as this server knows and what the client
	 * is to do, the 401's {@code error_description}
	 */
	public static void raise(String why) {
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		if (attributes != null) {
			attributes.setAttribute(ATTRIBUTE, why, RequestAttributes.SCOPE_REQUEST);
		}
	}

	/**
	 * Takes the signal back: the answer must stand as it is, since a 401 would have the
	 * client send again what has already been applied (the earlier messages of a batch).
	 */
	public static void withdraw(HttpServletRequest request) {
		request.removeAttribute(ATTRIBUTE);
	}

	/** Why the signal was raised for this request, or {@code null} when it was not. */
	public static String raised(HttpServletRequest request) {
		return (request.getAttribute(ATTRIBUTE) instanceof String why) ? why : null;
	}

}
