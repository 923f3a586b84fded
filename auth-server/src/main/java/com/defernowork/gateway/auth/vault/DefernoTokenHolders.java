package com.defernowork.gateway.auth.vault;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import com.defernowork.gateway.auth.storage.ScoredSets;
import com.defernowork.gateway.auth.storage.ScoredSets.Change;

/**
 * Who still holds a Deferno token the gateway can revoke: the sign-in that obtained it
 * and each grant given a copy, each until its entry expires. The token comes due for
 * revocation when the last of them ends: at once when one is ended explicitly (sign-out,
 * a grant revoked or disconnected) and none other lives, otherwise when the longest-lived
 * expires. Expiries are not observed by anyone, hence the due list that
 * {@link DefernoTokenSweep} reads. Keyed by the sign-in's vault handle.
 */
final class DefernoTokenHolders {

	/** The holder that is the sign-in itself (grant ids are never this). */
	static final String SIGN_IN = "sign-in";

	/** How long a claimed revocation is left to its sweep before another may take it. */
	static final Duration CLAIM = Duration.ofMinutes(5);

	/**
	 * How far apart the auth servers' clocks may be: a holder's end is the clock of the
	 * server that last extended it, its copy's expiry the store's, so a sweep on a server
	 * running ahead would otherwise revoke a token whose copy another server can still
	 * extend.
	 */
	static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

	private static final String DUE = "vault:revocations";

	private final ScoredSets sets;

	private final Clock clock;

	DefernoTokenHolders(ScoredSets sets, Clock clock) {
		this.sets = sets;
		this.clock = clock;
	}

	/**
	 * A revocable token's first holder, its sign-in; on the due list first, so that
	 * whatever is kept for it is found again however far this gets.
	 */
	void open(String handle, Instant until) {
		this.sets.score(DUE, handle, until.toEpochMilli(), Change.SET);
		this.sets.score(holders(handle), SIGN_IN, until.toEpochMilli(), Change.SET);
	}

	/**
	 * The holder keeps the token until then (a later call for it replaces this one), and
	 * the token is not due before that end and the skew. Holders that ended longer than
	 * the skew ago are dropped: the set has no expiry, and a grant refreshed for months
	 * would keep every authorization its sign-in ever began. The due entry only says when
	 * to look: a sweep revokes nothing a holder still keeps.
	 */
	void hold(String handle, String holder, Instant until) {
		// due first, as in open: a holder recorded is found again
		this.sets.score(DUE, handle, until.plus(CLOCK_SKEW).toEpochMilli(), Change.RAISE);
		long ended = this.clock.millis() - CLOCK_SKEW.toMillis();
		this.sets.scoreDroppingUpTo(holders(handle), holder, until.toEpochMilli(), ended);
	}

	/**
	 * The holder ended before its time; the token comes due now if no other lives, else
	 * when the latest of the others ends, and the skew.
	 */
	void release(String handle, String holder) {
		if (!this.sets.remove(holders(handle), holder)) {
			return;
		}
		long now = this.clock.millis();
		long latest = latest(handle);
		long due = (latest <= now) ? now : latest + CLOCK_SKEW.toMillis();
		this.sets.score(DUE, handle, due, Change.LOWER);
	}

	/**
	 * Looks at up to {@code limit} due entries and claims the tokens among them that no
	 * holder keeps any longer; each is claimed by one caller, for {@link #CLAIM}, after
	 * which it comes due again unless {@linkplain #done done} or {@linkplain #giveBack
	 * given back}. A due entry that a holder outlives (one that was extended), or one
	 * that ended less than {@link #CLOCK_SKEW} ago, is moved to that holder's end and the
	 * skew.
	 */
	Claimed claimDue(int limit) {
		long now = this.clock.millis();
		List<String> claimed = new ArrayList<>();
		Map<String, Long> due = this.sets.upTo(DUE, now, limit);
		for (Map.Entry<String, Long> entry : due.entrySet()) {
			String handle = entry.getKey();
			long held = latest(handle) + CLOCK_SKEW.toMillis();
			long next = (held > now) ? held : now + CLAIM.toMillis();
			if (this.sets.replace(DUE, handle, entry.getValue(), next) && held <= now) {
				claimed.add(handle);
			}
		}
		return new Claimed(claimed, due.size() >= limit);
	}

	/**
	 * A claimed token its caller did not get to: due again at once, not held back until
	 * its claim lapses.
	 */
	void giveBack(String handle) {
		this.sets.score(DUE, handle, this.clock.millis(), Change.LOWER);
	}

	/** The token is revoked (or was gone already): nothing is tracked for it any more. */
	void done(String handle) {
		this.sets.delete(holders(handle));
		this.sets.remove(DUE, handle);
	}

	/**
	 * What {@link #claimDue} claimed, and whether more may be due: none claimed says only
	 * that those looked at were held, or claimed by another.
	 */
	record Claimed(List<String> handles, boolean more) {

	}

	private long latest(String handle) {
		OptionalLong latest = this.sets.highest(holders(handle));
		return latest.orElse(Long.MIN_VALUE);
	}

	private static String holders(String handle) {
		return "vault:holders:" + handle;
	}

}
