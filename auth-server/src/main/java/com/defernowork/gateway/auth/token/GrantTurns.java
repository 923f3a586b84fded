package com.defernowork.gateway.auth.token;

import java.util.function.Supplier;

import com.defernowork.gateway.auth.storage.GrantBusyException;
import com.defernowork.gateway.auth.storage.GrantLocks;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;

/**
 * A token-endpoint grant (code redemption, refresh) taken one at a time per grant across
 * instances ({@link GrantLocks}); one still busy after the lock's wait is told to retry
 * ({@code temporarily_unavailable}, answered 503 with {@code Retry-After} by
 * {@link BusyGrantAnswer}), not refused.
 */
final class GrantTurns {

	private GrantTurns() {
	}

	static <T> T take(GrantLocks locks, String grantId, String busy, Supplier<T> work) {
		try {
			return locks.withLock(grantId, work);
		}
		catch (GrantBusyException ex) {
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE,
					busy + "; retry in " + GrantLocks.RETRY_AFTER.toSeconds() + " seconds", null), ex);
		}
	}

}
