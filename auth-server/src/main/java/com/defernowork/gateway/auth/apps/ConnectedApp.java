package com.defernowork.gateway.auth.apps;

import java.util.List;

/** One grant as the connected-apps page shows it: where it returns to and its access in the consent page's words. */
record ConnectedApp(String authorizationId, String clientName, String returnsTo, List<String> access,
		String lastUsed) {

}
