package com.defernowork.gateway.auth.session;

/**
 * Asks Deferno whether it still accepts the token a browser sign-in holds
 * ({@link LapsedSignIns}).
 */
@FunctionalInterface
public interface SignInCheck {

	/**
	 * True only when Deferno answered that it no longer accepts {@code defernoToken};
	 * false when it accepts it, and when it could not be asked (down, too slow, failing
	 * on its side), so that an outage at Deferno signs no one out.
	 */
	boolean refused(String defernoToken);

}
