package com.defernowork.gateway.auth.apps;

import java.util.List;

import com.defernowork.gateway.auth.config.MixedScriptNames;

/**
 * One app as the connected-apps page shows it, in the consent page's words: its name (and
 * whether it is one the app chose itself, unverified), the host that vouches for it (null
 * unless its client id is a metadata document URL), where it returns to, its access, when
 * it was first approved (null when its grants no longer say) and last used, and how many
 * grants it holds (approvals on several devices, or again with more access); its
 * {@link ConnectedApps#handleOf handle} names it in the disconnect form.
 */
record ConnectedApp(String handle, String clientName, boolean nameUnverified, String verifiedOrigin, String returnsTo,
		List<String> access, String connected, String lastUsed, int grants, List<RecentCall> recentActivity) {

	/**
	 * Whether the name mixes alphabets in one word, as look-alikes of another app's do.
	 */
	public boolean nameMixesScripts() {
		return MixedScriptNames.mixesScripts(this.clientName);
	}

	/** One tool call as the page lists it. */
	record RecentCall(String tool, String outcome, String outcomeText, String when) {
	}

}
