package com.defernowork.gateway.auth.upstream;

/** The MCP client whose authorization request started the sign-in (null fields when there is none). */
record RequestingClient(String clientId, String clientName) {

	static final RequestingClient NONE = new RequestingClient(null, null);

}
