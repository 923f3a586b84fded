package com.defernowork.gateway.auth.vault;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.defernowork.gateway.auth.storage.ScoredSets;
import com.defernowork.gateway.auth.storage.ScoredSets.Change;

/**
 * Who still holds a revocable Deferno token (its sign-in and each grant given a copy,
 * each until its entry expires), by the sign-in's vault handle. The token comes due when
 * the last of them ends. No one observes expiries, hence the due list that
 * {@link DefernoTokenSweep} reads.
 */
final class DefernoTokenHolders {

	/** The sign-in itself as holder (grant ids are never this). */
	static final String SIGN_IN = "sign-in";

	/** How long a claimed revocation is left to its sweep before another may take it. */
	static final Duration CLAIM = Duration.ofMinutes(5);

	/**
	 * How far apart the auth servers' clocks may be: a holder's end is on the clock of
	 * the server that last extended it, so a sweep on a server ahead would otherwise
	 * revoke a token whose copy another server can still extend.
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
	 * The sign-in, first holder; on the due list first, so that whatever is kept for it
	 * is found again however far this gets.
	 */
	void open(String handle, Instant until) {
		this.sets.score(DUE, handle, until.toEpochMilli(), Change.SET);
		this.sets.score(holders(handle), SIGN_IN, until.toEpochMilli(), Change.SET);
	}

	/**
	 * The holder keeps the token until then; the token is not due before that and the
	 * skew. Holders ended longer than the skew ago are dropped: the set has no expiry,
	 * and a grant refreshed for months would keep every authorization its sign-in began.
	 */
	void hold(String handle, String holder, Instant until) {
		// due first, as in open: a holder recorded is found again
		this.sets.score(DUE, handle, until.plus(CLOCK_SKEW).toEpochMilli(), Change.RAISE);
		long ended = this.clock.millis() - CLOCK_SKEW.toMillis();
		this.sets.scoreDroppingUpTo(holders(handle), holder, until.toEpochMilli(), ended);
	}

	/**
	 * The holder ended early; the token comes due now if no other lives, else when the
	 * latest of the others ends, and the skew.
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
	 * Claims, among up to {@code limit} due entries, the tokens no holder keeps; each by
	 * one caller, for {@link #CLAIM}, after which it comes due again unless
	 * {@linkplain #done done} or {@linkplain #giveBack given back}. An entry whose holder
	 * lives on, or ended less than {@link #CLOCK_SKEW} ago, moves to its end and the
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
	 * A claimed token its caller did not get to: due again at once, not at the claim's
	 * end.
	 */
	void giveBack(String handle) {
		this.sets.score(DUE, handle, this.clock.millis(), Change.LOWER);
	}

	/** The token is revoked (or was gone already). */
	void done(String handle) {
		this.sets.delete(holders(handle));
		this.sets.remove(DUE, handle);
	}

	/** Whether more may be due: none claimed says only that those looked at were held. */
	record Claimed(List<String> handles, boolean more) {

	}

	private long latest(String handle) {
		return this.sets.highest(holders(handle)).orElse(Long.MIN_VALUE);
	}

	private static String holders(String handle) {
		return "vault:holders:" + handle;
	}

}
