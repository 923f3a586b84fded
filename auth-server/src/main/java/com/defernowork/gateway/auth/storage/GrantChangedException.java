package com.defernowork.gateway.auth.storage;

import java.util.Map;

import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;

/**
 * A save of a grant that would overwrite a change it did not see (another rotation or the
 * grant's removal came first: this one outlived its lock's lease, or the removal could
 * not wait for the lock). Nothing was written. Busy to the client: its retry finds the
 * grant as the other change left it.
 */
public class GrantChangedException extends GrantBusyException {

	public GrantChangedException(String authorizationId) {
		super("grant " + authorizationId + " changed while its refresh token was being rotated");
	}

	/**
	 * Refuses a save of {@code authorization} over a grant whose stored tokens
	 * ({@code held}, hashes by index) another rotation or a code redemption changed, or
	 * one {@link StoredGrantMark marked} as a change of a grant that is not
	 * {@code stored}.
	 */
	public static void refuseOverwrite(OAuth2Authorization authorization, Map<TokenIndex, String> held,
			boolean stored) {
		if ((!stored && StoredGrantMark.isMarked(authorization))
				|| RefreshReplay.overwritesAnotherChange(authorization, held.get(TokenIndex.REFRESH_TOKEN))
				|| CodeRedemptionMark.overwritesAnotherChange(authorization, held.get(TokenIndex.CODE),
						held.get(TokenIndex.ACCESS_TOKEN))) {
			throw new GrantChangedException(authorization.getId());
		}
	}

}
