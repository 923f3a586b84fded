package com.defernowork.gateway.auth.user;

import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The authentication of a person signed in through Deferno. {@link #getName()} is the Deferno user id, so it
 * becomes the principal name of every authorization. {@code upstreamHandle} names the encrypted vault entry
 * holding the Deferno API token obtained at sign-in (null where no upstream token exists, e.g. test logins);
 * the vault binds that entry to each grant the person approves.
 */
public final class DefernoAuthenticationToken extends AbstractAuthenticationToken {

	private final DefernoUser user;

	private final String upstreamHandle;

	public DefernoAuthenticationToken(DefernoUser user, String upstreamHandle) {
		super(List.of(new SimpleGrantedAuthority("ROLE_USER")));
		this.user = user;
		this.upstreamHandle = upstreamHandle;
		setAuthenticated(true);
	}

	@Override
	public DefernoUser getPrincipal() {
		return this.user;
	}

	@Override
	public Object getCredentials() {
		return "";
	}

	@Override
	public String getName() {
		return this.user.id();
	}

	public String getUpstreamHandle() {
		return this.upstreamHandle;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof DefernoAuthenticationToken that && super.equals(that) && this.user.equals(that.user)
				&& java.util.Objects.equals(this.upstreamHandle, that.upstreamHandle);
	}

	@Override
	public int hashCode() {
		return java.util.Objects.hash(super.hashCode(), this.user, this.upstreamHandle);
	}

}
