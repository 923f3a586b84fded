package com.defernowork.gateway.auth.activity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The resource server's HTTP Basic credentials at the activity endpoint, checked with the
 * client secret encoder. Not Spring's {@code DaoAuthenticationProvider}: for an unknown
 * user name it checks a BCrypt stand-in, about 100 ms of CPU a request; here every
 * request costs one check of the presented secret against the resource server's.
 */
final class ResourceServerCredentials implements AuthenticationProvider {

	static final String ROLE = "RESOURCE_SERVER";

	private final byte[] id;

	private final String encodedSecret;

	private final PasswordEncoder secrets;

	/**
	 * @param id the client id as sent in HTTP Basic (form-urlencoded)
	 * @param encodedSecret the secret as sent, encoded by {@code secrets}
	 */
	ResourceServerCredentials(String id, String encodedSecret, PasswordEncoder secrets) {
		this.id = id.getBytes(StandardCharsets.UTF_8);
		this.encodedSecret = encodedSecret;
		this.secrets = secrets;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		Object presented = authentication.getCredentials();
		boolean secretMatches = presented != null && this.secrets.matches(presented.toString(), this.encodedSecret);
		boolean idMatches = MessageDigest.isEqual(this.id, authentication.getName().getBytes(StandardCharsets.UTF_8));
		if (!secretMatches || !idMatches) {
			throw new BadCredentialsException("Bad credentials");
		}
		return UsernamePasswordAuthenticationToken.authenticated(authentication.getName(), null,
				AuthorityUtils.createAuthorityList("ROLE_" + ROLE));
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
