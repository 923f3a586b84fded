package com.defernowork.gateway.auth.token;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;

/**
 * A provider of the token endpoint, wrapped so that its refusals say what is wrong: the
 * framework's providers often name only an error code or a parameter. Each subclass says
 * how it rewords; what it leaves alone is thrown as it came.
 */
abstract class RewordedRefusals implements AuthenticationProvider {

	private final AuthenticationProvider provider;

	RewordedRefusals(AuthenticationProvider provider) {
		this.provider = provider;
	}

	@Override
	public final boolean supports(Class<?> authentication) {
		return this.provider.supports(authentication);
	}

	@Override
	public final Authentication authenticate(Authentication authentication) {
		try {
			return this.provider.authenticate(authentication);
		}
		catch (OAuth2AuthenticationException ex) {
			throw reworded(ex, authentication);
		}
	}

	/** The refusal to throw for {@code refusal}: itself when its words need nothing. */
	abstract OAuth2AuthenticationException reworded(OAuth2AuthenticationException refusal,
			Authentication authentication);

}
