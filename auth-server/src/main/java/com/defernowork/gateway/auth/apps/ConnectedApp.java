package com.defernowork.gateway.auth.apps;

import java.util.List;

import com.defernowork.gateway.auth.config.GatewayClientSettings;
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
	 * Whether the name is the app's own, which the page quotes, rather than the gateway's
	 * words for an app without one.
	 */
	public boolean named() {
		return isNamed(this.clientName);
	}

	/** Whether a shown name is an app's own: any but the gateway's for none. */
	static boolean isNamed(String shownName) {
		return !GatewayClientSettings.UNNAMED.equals(shownName);
	}

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
