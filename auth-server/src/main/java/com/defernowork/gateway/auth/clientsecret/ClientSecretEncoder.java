package com.defernowork.gateway.auth.clientsecret;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * How client secrets are stored and checked; the framework's client secret authentication
 * uses this bean. A secret of at least {@value #HIGH_ENTROPY_LENGTH} characters (every
 * dynamically registered client's: 256 random bits, base64url; the resource server's when
 * configured as documented) is stored as {@code {secret-sha256}<SHA-256>} and checked in
 * microseconds; a shorter one, which may have been chosen by a person, keeps BCrypt.
 * Secrets stored earlier under any of Spring Security's ids (e.g. {@code {bcrypt}}) still
 * verify. Stored values are never re-encoded on use: that would re-hash a short secret on
 * every request.
 */
@Component
public final class ClientSecretEncoder implements PasswordEncoder {

	/** The shortest secret treated as random: 43 base64url characters carry 256 bits. */
	public static final int HIGH_ENTROPY_LENGTH = 43;

	private static final int MIN_DISTINCT_CHARACTERS = 12;

	private static final String PREFIX = "{" + Sha256SecretEncoder.ID + "}";

	private final Sha256SecretEncoder highEntropy;

	private final PasswordEncoder lowEntropy = new BCryptPasswordEncoder();

	/**
	 * Every id Spring Security knows, for secrets stored before (and short ones, under
	 * {bcrypt}).
	 */
	private final PasswordEncoder earlier = PasswordEncoderFactories.createDelegatingPasswordEncoder();

	public ClientSecretEncoder() {
		this(new Sha256SecretEncoder());
	}

	ClientSecretEncoder(Sha256SecretEncoder highEntropy) {
		this.highEntropy = highEntropy;
	}

	/**
	 * Whether the secret is long and varied enough to be taken for a random value of 256
	 * bits.
	 */
	public static boolean isHighEntropy(CharSequence secret) {
		return secret != null && secret.length() >= HIGH_ENTROPY_LENGTH
				&& secret.chars().distinct().count() >= MIN_DISTINCT_CHARACTERS;
	}

	@Override
	public String encode(CharSequence rawPassword) {
		return isHighEntropy(rawPassword) ? PREFIX + this.highEntropy.encode(rawPassword)
				: "{bcrypt}" + this.lowEntropy.encode(rawPassword);
	}

	@Override
	public boolean matches(CharSequence rawPassword, String encodedPassword) {
		if (encodedPassword != null && encodedPassword.startsWith(PREFIX)) {
			return this.highEntropy.matches(rawPassword, encodedPassword.substring(PREFIX.length()));
		}
		if (encodedPassword != null && encodedPassword.startsWith("{")) {
			try {
				return this.earlier.matches(rawPassword, encodedPassword);
			}
			catch (IllegalArgumentException ex) {
				// an id nobody knows: unmatchable, below
			}
		}
		return this.highEntropy.matches(rawPassword, null);
	}

}
