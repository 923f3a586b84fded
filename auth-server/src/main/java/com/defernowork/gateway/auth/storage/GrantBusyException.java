package com.defernowork.gateway.auth.storage;

/** Another request held the grant's lock for longer than a request may wait. */
public class GrantBusyException extends RuntimeException {

	public GrantBusyException(String message) {
		super(message);
	}

}
