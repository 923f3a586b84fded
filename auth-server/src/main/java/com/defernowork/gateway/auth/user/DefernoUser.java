package com.defernowork.gateway.auth.user;

import java.io.Serializable;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.user.OAuth2User;

/**
 * The person signed in through Deferno. The gateway has no accounts of its own:
 * {@code id} is the stable Deferno user id (the OAuth {@code sub}), {@code username} what
 * the consent page shows. An {@link OAuth2User} so that it is the principal of the
 * upstream sign-in; only the three components are stored.
 */
@JsonIgnoreProperties({ "name", "attributes", "authorities" })
public record DefernoUser(String id, String username, String displayName) implements OAuth2User, Serializable {

	@Override
	public String getName() {
		return this.id;
	}

	@Override
	public Map<String, Object> getAttributes() {
		return Map.of("id", this.id, "username", this.username, "display_name", this.displayName);
	}

	@Override
	public Collection<? extends GrantedAuthority> getAuthorities() {
		return List.of();
	}

}
