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

	/**
	 * The Disconnect button's name: the app's, with where it returns to and when it was
	 * connected (else last used), so that two apps of one name, two unnamed ones
	 * included, are told apart by anyone who hears the button rather than sees its card.
	 */
	public String disconnectLabel() {
		StringBuilder label = new StringBuilder("Disconnect ")
			.append(named() ? "\u201c" + this.clientName + "\u201d" : this.clientName);
		if (!this.returnsTo.isEmpty()) {
			label.append(", returns to ").append(this.returnsTo);
		}
		label.append((this.connected != null) ? ", connected " + this.connected : ", last used " + this.lastUsed);
		return label.toString();
	}

	/**
	 * One tool call as the page lists it; {@code datetime} is its time for machines (an
	 * ISO 8601 instant, to the second), {@code when} for people.
	 */
	record RecentCall(String tool, String outcome, String outcomeText, String when, String datetime) {
	}

}
