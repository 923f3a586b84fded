package com.defernowork.gateway.auth.activity;

import java.util.ArrayList;
import java.util.List;

import com.defernowork.gateway.auth.clientsecret.ClientSecretEncoder;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The activity endpoint's credential check: only the resource server's id and secret
 * pass, and a wrong user name costs the same one check against the resource server's
 * stored secret as a right one (no BCrypt stand-in).
 */
class ResourceServerCredentialsTests {

	private static final String SECRET = "Vt3kq9Xz-2mPw8Ls_4nRb7Hc1Jd6Fg0YeQa5Uo9Ti3Ks";

	private final ClientSecretEncoder encoder = new ClientSecretEncoder();

	/** Every stored form the real encoder was asked to compare against. */
	private final List<String> compared = new ArrayList<>();

	private final String stored = this.encoder.encode(SECRET);

	private final ResourceServerCredentials credentials = new ResourceServerCredentials("mcp-resource-server",
			this.stored, new PasswordEncoder() {

				@Override
				public String encode(CharSequence raw) {
					return ResourceServerCredentialsTests.this.encoder.encode(raw);
				}

				@Override
				public boolean matches(CharSequence raw, String encoded) {
					ResourceServerCredentialsTests.this.compared.add(encoded);
					return ResourceServerCredentialsTests.this.encoder.matches(raw, encoded);
				}

			});

	@Test
	void resourceServerIdAndSecretAuthenticateWithItsRole() {
		Authentication result = this.credentials.authenticate(basic("mcp-resource-server", SECRET));

		assertThat(result.isAuthenticated()).isTrue();
		assertThat(result.getName()).isEqualTo("mcp-resource-server");
		assertThat(result.getAuthorities()).extracting(Object::toString).containsExactly("ROLE_RESOURCE_SERVER");
		assertThat(result.getCredentials()).isNull();
	}

	@Test
	void wrongSecretIsRefused() {
		assertThatExceptionOfType(BadCredentialsException.class)
			.isThrownBy(() -> this.credentials.authenticate(basic("mcp-resource-server", SECRET + "x")));
	}

	@Test
	void unknownUserWithTheRightSecretIsRefused() {
		assertThatExceptionOfType(BadCredentialsException.class)
			.isThrownBy(() -> this.credentials.authenticate(basic("someone-else", SECRET)));
	}

	@Test
	void unknownUserCostsOneCheckAgainstTheStoredFastHashLikeAKnownOne() {
		assertThat(this.stored).startsWith("{secret-sha256}");

		assertThatExceptionOfType(BadCredentialsException.class)
			.isThrownBy(() -> this.credentials.authenticate(basic("someone-else", "short")));
		assertThatExceptionOfType(BadCredentialsException.class)
			.isThrownBy(() -> this.credentials.authenticate(basic("mcp-resource-server", "short")));

		assertThat(this.compared).containsExactly(this.stored, this.stored);
	}

	@Test
	void missingSecretIsRefusedWithoutCheck() {
		assertThatExceptionOfType(BadCredentialsException.class).isThrownBy(
				() -> this.credentials.authenticate(UsernamePasswordAuthenticationToken.unauthenticated("x", null)));
		assertThat(this.compared).isEmpty();
	}

	private static Authentication basic(String id, String secret) {
		return UsernamePasswordAuthenticationToken.unauthenticated(id, secret);
	}

}
