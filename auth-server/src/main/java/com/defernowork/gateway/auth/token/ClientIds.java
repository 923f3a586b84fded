package com.defernowork.gateway.auth.token;

/**
 * RFC 6749 Appendix A.1's grammar of a {@code client_id}: printable ASCII, spaces
 * included. The framework refuses any other with a bare {@code invalid_request}; checked
 * first, the refusal says why.
 */
final class ClientIds {

	static final String RFC6749_A_1 = "https://datatracker.ietf.org/doc/html/rfc6749#appendix-A.1";

	static final String MALFORMED = "client_id may hold printable ASCII characters only (RFC 6749 Appendix A.1): "
			+ "no client has this one";

	private ClientIds() {
	}

	static boolean isWellFormed(String clientId) {
		return clientId.chars().allMatch((c) -> c >= 0x20 && c <= 0x7E);
	}

}
