package com.defernowork.gateway.auth.upstream;

/**
 * The gateway's own registration at Deferno's native OAuth, kept so it registers once per (Deferno, callback)
 * pair rather than at every sign-in.
 */
interface NativeClientStore {

	String find(String key);

	void save(String key, String clientId);

	void forget(String key);

}
