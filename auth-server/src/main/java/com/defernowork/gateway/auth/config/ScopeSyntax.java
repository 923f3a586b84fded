package com.defernowork.gateway.auth.config;

import java.util.regex.Pattern;

/**
 * The grammar RFC 6749 §3.3 gives a {@code scope}: scope names of printable ASCII but
 * {@code "} and {@code \}, separated by single spaces. The framework splits a scope at
 * every space, so a space too many or a tab would otherwise read as a scope of no name,
 * refused as one the grant or client does not have.
 */
public final class ScopeSyntax {

	/** What a malformed scope is told, in RFC 6749's characters for a description. */
	public static final String MALFORMED = "scope must be scope names separated by single spaces, with none before "
			+ "or after them";

	private static final Pattern GRAMMAR = Pattern
		.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+( [\\x21\\x23-\\x5B\\x5D-\\x7E]+)*");

	private ScopeSyntax() {
	}

	public static boolean isWellFormed(String scope) {
		return GRAMMAR.matcher(scope).matches();
	}

}
