package com.defernowork.gateway.mcp.deferno.client;

/**
 * A fixed Deferno token ({@code deferno.token}) for development and tests: every request
 * acts as that one Deferno user. Not for a multi-user deployment.
 */
public final class StaticDefernoTokenSource implements DefernoTokenSource {

	private final String token;

	public StaticDefernoTokenSource(String token) {
		this.token = token;
	}

	@Override
	public String currentToken() {
		return this.token;
	}

}
