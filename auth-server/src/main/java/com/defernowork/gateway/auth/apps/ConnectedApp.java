package com.defernowork.gateway.auth.apps;

import java.util.List;

/** One grant as the connected-apps page shows it. */
record ConnectedApp(String authorizationId, String clientName, String redirectHost, List<String> scopes,
		String lastUsed) {

}
