package com.defernowork.gateway.sandbox.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

import com.defernowork.gateway.sandbox.store.Account;
import com.defernowork.gateway.sandbox.store.ApiToken;
import com.defernowork.gateway.sandbox.store.SandboxStore;

import org.springframework.stereotype.Component;

/** Issues, looks up and revokes API tokens ({@code deferno_…}). */
@Component
public final class Tokens {

	private final SecureRandom random = new SecureRandom();

	private final SandboxStore store;

	private final Clock clock;

	Tokens(SandboxStore store, Clock clock) {
		this.store = store;
		this.clock = clock;
	}

	public ApiToken issue(Account account, String name, String kind, String clientId) {
		byte[] bytes = new byte[20];
		this.random.nextBytes(bytes);
		return register(account, "deferno_" + HexFormat.of().formatHex(bytes), name, kind, clientId);
	}

	public ApiToken register(Account account, String value, String name, String kind, String clientId) {
		ApiToken token = new ApiToken(UUID.randomUUID(), account.id(), value, name, kind, clientId,
				this.clock.instant());
		this.store.locked(() -> this.store.tokens.put(value, token));
		return token;
	}

	/** Revokes the token itself (a sign-out with it); false when it was not known. */
	public boolean revoke(String value) {
		return this.store.locked(() -> this.store.tokens.remove(value) != null);
	}

	/** The account of an unrevoked token, marking it used. */
	public Optional<Account> authenticate(String value) {
		return this.store.locked(() -> {
			ApiToken token = this.store.tokens.get(value);
			if (token == null) {
				return Optional.<Account>empty();
			}
			token.lastUsedAt = this.clock.instant();
			return Optional.ofNullable(this.store.accounts.get(token.userId));
		});
	}

}
