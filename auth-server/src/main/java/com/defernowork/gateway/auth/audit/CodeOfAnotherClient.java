package com.defernowork.gateway.auth.audit;

import java.io.Serial;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;

/**
 * A code refused because a client other than the one it was issued to presented it: the
 * client is told only what the error says (nothing about the code's own client), while
 * the {@code token.refused} audit line names that client, the sign of an injected or
 * stolen code an operator looks for (RFC 6749 sections 4.1.2 and 10.6).
 */
public final class CodeOfAnotherClient extends OAuth2AuthenticationException {

	@Serial
	private static final long serialVersionUID = 1L;

	/** The audit line's {@code reason}. */
	public static final String REASON = "code_of_other_client";

	private final String issuedTo;

	public CodeOfAnotherClient(OAuth2Error error, String issuedTo, Throwable cause) {
		super(error, cause);
		this.issuedTo = issuedTo;
	}

	/** The client id the code was issued to. */
	public String issuedTo() {
		return this.issuedTo;
	}

}
