package com.defernowork.gateway.sandbox.seed;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.defernowork.gateway.sandbox.SandboxProperties;
import com.defernowork.gateway.sandbox.auth.Tokens;
import com.defernowork.gateway.sandbox.store.Account;
import com.defernowork.gateway.sandbox.store.Org;
import com.defernowork.gateway.sandbox.store.SandboxStore;

/**
 * Creates the configured demo users, each with a personal org and membership of the
 * shared org. Ids are derived from names so they are stable across restarts.
 */
final class DemoAccounts {

	private DemoAccounts() {
	}

	static List<Account> create(SandboxProperties properties, SandboxStore store, Tokens tokens) {
		Org shared = new Org(stableId("org", properties.sharedOrg()), properties.sharedOrg(), false);
		store.orgs.put(shared.id, shared);
		List<Account> accounts = new ArrayList<>();
		for (SandboxProperties.DemoUser user : properties.users()) {
			Org personal = new Org(stableId("org", user.orgSlug()), user.orgSlug(), true);
			store.orgs.put(personal.id, personal);
			Account account = new Account(stableId("user", user.username()), user.username(), user.password(),
					user.displayName(), user.oidcSubject(), user.admin(), personal, List.of(personal, shared));
			store.accounts.put(account.id(), account);
			if (user.token() != null && !user.token().isBlank()) {
				tokens.register(account, user.token(), "sandbox demo token", "personal_access_token", null);
			}
			accounts.add(account);
		}
		return accounts;
	}

	static UUID stableId(String type, String name) {
		return UUID.nameUUIDFromBytes(("deferno-sandbox:" + type + ":" + name).getBytes(StandardCharsets.UTF_8));
	}

}
