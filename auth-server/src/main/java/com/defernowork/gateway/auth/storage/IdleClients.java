package com.defernowork.gateway.auth.storage;

import java.util.List;

/**
 * The client store's side of reaping: registered clients unused for longer than the idle
 * time to live are removed, and a periodic sweep learns which ones, to report each.
 */
public interface IdleClients {

	/**
	 * Removes what is left of clients idle past their time to live and names them by
	 * client id. Each reaped client is named once, by one call, even when several auth
	 * servers share the store and sweep at the same time.
	 */
	List<String> reap();

}
