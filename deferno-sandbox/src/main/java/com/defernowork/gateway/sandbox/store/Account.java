package com.defernowork.gateway.sandbox.store;

import java.util.List;
import java.util.UUID;

/** A sandbox user: personal org plus the shared orgs they belong to. */
public record Account(UUID id, String username, String password, String displayName, String oidcSubject, boolean admin,
		Org personalOrg, List<Org> orgs) {

	public boolean memberOf(UUID orgId) {
		return this.orgs.stream().anyMatch((org) -> org.id.equals(orgId));
	}

}
