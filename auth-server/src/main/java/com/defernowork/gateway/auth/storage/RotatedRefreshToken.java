package com.defernowork.gateway.auth.storage;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;

/**
 * A refresh token that a later save of its authorization replaced (rotation), known by
 * its {@link TokenHashes hash}. Both stores keep the {@link #REMEMBERED} most recently
 * rotated ones findable, with their lifetimes, until they expire or their authorization
 * is removed, so a grant's storage stays bounded however often it is refreshed. An older
 * one is still known for what it is: every refresh token's value names its authorization
 * ({@link #familyValue}), so presenting any replaced one finds the grant and is seen as
 * reuse; rotating ten times quickly does not hide a stolen token. (The issuer tells the
 * values it issued from ones that merely name a grant by a mark of its own.)
 *
 * <p>
 * <b>Contract of {@code OAuth2AuthorizationService.findByToken} for a rotated refresh
 * token</b> (type {@code refresh_token} or null): it returns a <em>view</em> of the
 * current authorization in which the refresh token is the presented, rotated one, marked
 * invalidated ({@code Token#isInvalidated()} is true, so the stock refresh, introspection
 * and revocation providers treat it as inactive) and carrying
 * {@link #ROTATED_AT_METADATA} (the {@link Instant} it was replaced). Everything else
 * (id, access token, attributes such as a {@link RefreshReplay}) is the current
 * authorization's. To tell a rotated token from a revoked one, read
 * {@link #rotatedAt(OAuth2Authorization)}; to continue within a grace window, load the
 * current state with {@code findById(view.getId())}; to revoke the grant on reuse,
 * {@code remove(view)} (removes the record and every index, including those of rotated
 * tokens). Saving the view makes the rotated token current again, with all its tokens as
 * in the view.
 */
public record RotatedRefreshToken(String hash, Instant issuedAt, Instant expiresAt, Instant rotatedAt) {

	/** Token metadata: the {@link Instant} this refresh token was replaced. */
	public static final String ROTATED_AT_METADATA = "gateway.rotated_at";

	/** Token metadata marking a view {@link #isForgotten}. */
	private static final String FORGOTTEN_METADATA = "gateway.forgotten";

	/**
	 * Keeping every one for its lifetime would cost about half a kilobyte of Redis per
	 * refresh for 30 days; older ones are found by their family.
	 */
	public static final int REMEMBERED = 10;

	private static final Pattern FAMILY_ID = Pattern.compile("[A-Za-z0-9_-]+");

	/** The current authorization seen through this token, presented as {@code value}. */
	public OAuth2Authorization viewOf(OAuth2Authorization current, String value) {
		return view(current, value, false);
	}

	private OAuth2Authorization view(OAuth2Authorization current, String value, boolean forgotten) {
		OAuth2RefreshToken token = new OAuth2RefreshToken(value, this.issuedAt, this.expiresAt);
		return OAuth2Authorization.from(current).token(token, (metadata) -> {
			metadata.put(OAuth2Authorization.Token.INVALIDATED_METADATA_NAME, true);
			metadata.put(ROTATED_AT_METADATA, this.rotatedAt);
			if (forgotten) {
				metadata.put(FORGOTTEN_METADATA, true);
			}
		}).build();
	}

	/** When the refresh token was rotated away; null for the current one. */
	public static Instant rotatedAt(OAuth2Authorization authorization) {
		OAuth2Authorization.Token<OAuth2RefreshToken> token = authorization.getRefreshToken();
		return (token != null) ? (Instant) token.getMetadata(ROTATED_AT_METADATA) : null;
	}

	/** Whether the view is of a token known only by the grant its value names. */
	public static boolean isForgotten(OAuth2Authorization view) {
		OAuth2Authorization.Token<OAuth2RefreshToken> token = view.getRefreshToken();
		return token != null && Boolean.TRUE.equals(token.getMetadata(FORGOTTEN_METADATA));
	}

	/**
	 * A refresh token value naming its authorization:
	 * {@code <authorization id>.<secret>}, to which the issuer adds a mark of its own
	 * after another dot. Only a holder of one of the grant's tokens learns the id (no
	 * page or answer shows it to anyone else), so no one else can have a grant revoked as
	 * reused.
	 */
	public static String familyValue(String authorizationId, String secret) {
		return authorizationId + "." + secret;
	}

	/**
	 * The authorization a refresh token value names, if it has the form of
	 * {@link #familyValue} (tokens issued before carry none).
	 */
	public static Optional<String> familyOf(String value) {
		int dot = value.indexOf('.');
		String id = (dot > 0) ? value.substring(0, dot) : "";
		return (!id.isEmpty() && id.length() <= 64 && FAMILY_ID.matcher(id).matches()) ? Optional.of(id)
				: Optional.empty();
	}

	/**
	 * What {@code findByToken} returns for a refresh token value that no index knows:
	 * when the grant it names ({@link #familyOf}, looked up by the store) exists and
	 * holds another refresh token now, a view of it in which this one was replaced long
	 * ago, its lifetime unknown (no longer remembered, beyond {@link #REMEMBERED}); else
	 * null. Whether the value was ever issued is the issuer's to check (by its mark).
	 */
	public static OAuth2Authorization forgottenViewOf(String value, Function<String, OAuth2Authorization> findById) {
		OAuth2Authorization family = familyOf(value).map(findById).orElse(null);
		String hash = TokenHashes.hash(value);
		if (family == null || hash.equals(TokenIndex.REFRESH_TOKEN.hashOf(family))) {
			return null;
		}
		return new RotatedRefreshToken(hash, null, null, Instant.EPOCH).view(family, value, true);
	}

	public static RotatedRefreshToken of(OAuth2RefreshToken token, Instant rotatedAt) {
		return new RotatedRefreshToken(TokenHashes.hashOf(token), token.getIssuedAt(), token.getExpiresAt(), rotatedAt);
	}

}
