package com.defernowork.gateway.auth.storage;

import java.util.List;
import java.util.Map;

import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;

/**
 * The attributes a save of a grant carries for the store alone: a rotation's
 * {@link RefreshReplay}, a redemption's {@link CodeRedemptionMark}, a
 * {@link StoredGrantMark}. Both stores read them to decide whether to write
 * ({@link GrantChangedException#refuseOverwrite}) and keep none of them with the grant.
 */
public final class SaveMarks {

	private static final List<String> ATTRIBUTES = List.of(RefreshReplay.ATTRIBUTE, CodeRedemptionMark.ATTRIBUTE,
			StoredGrantMark.ATTRIBUTE);

	private SaveMarks() {
	}

	/** Whether the save is a rotation or a code redemption, which hand out tokens. */
	public static boolean issuesTokens(OAuth2Authorization saving) {
		return RefreshReplay.rotatedTokenHashOf(saving) != null || CodeRedemptionMark.codeHashOf(saving) != null;
	}

	public static void removeFrom(Map<String, Object> attributes) {
		ATTRIBUTES.forEach(attributes::remove);
	}

}
