package com.defernowork.gateway.auth.user;

import java.util.List;
import java.util.Objects;

import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;

/**
 * The authentication of a person signed in through Deferno. {@link #getName()} is the
 * Deferno user id, so it becomes the principal name of every authorization.
 * {@code upstreamHandle} names the encrypted vault entry holding the Deferno API token
 * obtained at sign-in (null where no upstream token exists, e.g. test logins); the vault
 * binds that entry to each grant the person approves. The client registration is always
 * {@value #REGISTRATION_ID}: whichever connector signed the person in, the account is
 * Deferno's.
 */
public final class DefernoAuthenticationToken extends OAuth2AuthenticationToken {

	public static final String REGISTRATION_ID = "deferno";

	private final DefernoUser user;

	private final String upstreamHandle;

	public DefernoAuthenticationToken(DefernoUser user, String upstreamHandle) {
		super(user, List.of(new SimpleGrantedAuthority("ROLE_USER")), REGISTRATION_ID);
		this.user = user;
		this.upstreamHandle = upstreamHandle;
	}

	@Override
	public DefernoUser getPrincipal() {
		return this.user;
	}

	public String getUpstreamHandle() {
		return this.upstreamHandle;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof DefernoAuthenticationToken that && super.equals(that)
				&& Objects.equals(this.upstreamHandle, that.upstreamHandle);
	}

	@Override
	public int hashCode() {
		return Objects.hash(super.hashCode(), this.upstreamHandle);
	}

}
