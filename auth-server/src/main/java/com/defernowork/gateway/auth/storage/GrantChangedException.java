package com.defernowork.gateway.auth.storage;

/**
 * A refresh-token rotation whose save would overwrite a change it did not see: another
 * rotation of the grant, or its removal, came first (this one outlived its lock's lease,
 * or the removal could not wait for the lock). Nothing was written. Busy, as far as the
 * client is concerned: its retry finds the grant as the other change left it.
 */
public class GrantChangedException extends GrantBusyException {

	public GrantChangedException(String authorizationId) {
		super("grant " + authorizationId + " changed while its refresh token was being rotated");
	}

}
