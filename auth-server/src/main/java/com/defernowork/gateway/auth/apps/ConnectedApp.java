package com.defernowork.gateway.auth.apps;

import java.util.List;

/**
 * One grant as the connected-apps page shows it, in the consent page's words: its name
 * (and whether it is one the app chose itself, unverified), the host that vouches for it
 * (null unless its client id is a metadata document URL), where it returns to, its
 * access, when it was approved (null when the grant no longer says) and last used; its
 * {@link ConnectedApps#handleOf handle} names it in the disconnect form.
 */
record ConnectedApp(String handle, String clientName, boolean nameUnverified, String verifiedOrigin, String returnsTo,
		List<String> access, String connected, String lastUsed, List<RecentCall> recentActivity) {

	/** One tool call as the page lists it. */
	record RecentCall(String tool, String outcome, String outcomeText, String when) {
	}

}
