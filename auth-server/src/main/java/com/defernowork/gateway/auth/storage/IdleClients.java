package com.defernowork.gateway.auth.storage;

import java.util.List;

/** Clients unused past their time to live are removed; a sweep reports them. */
public interface IdleClients {

	/**
	 * Removes what is left of clients idle past their time to live and names them by
	 * client id. Each reaped client is named once, by one call, even when several auth
	 * servers share the store and sweep at the same time.
	 */
	List<String> reap();

}
