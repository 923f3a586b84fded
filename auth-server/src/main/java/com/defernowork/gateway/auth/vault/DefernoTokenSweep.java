package com.defernowork.gateway.auth.vault;

import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Ticker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.defernowork.gateway.auth.audit.AuditEvent;
import com.defernowork.gateway.auth.vault.DefernoTokenHolders.Claimed;
import com.defernowork.gateway.auth.vault.DefernoTokenRevoker.Outcome;

import org.springframework.context.ApplicationEventPublisher;

/**
 * Revokes at Deferno ({@code deferno_token.revoked}) and forgets the tokens nothing holds
 * any longer. One Deferno could not revoke is tried again after
 * {@link DefernoTokenHolders#CLAIM}; when Deferno fails several in a row the sweep stops,
 * rather than each waiting out its timeout, and gives back what it did not try.
 */
public final class DefernoTokenSweep {

	private static final Logger logger = LoggerFactory.getLogger(DefernoTokenSweep.class);

	/** Claimed at a time, so that what one sweep cannot finish waits little. */
	private static final int BATCH = 10;

	/**
	 * The sweep shares the scheduler's thread with the others: a slow Deferno slows
	 * revocation, not the rest. Checked before each revocation.
	 */
	private static final Duration BUDGET = Duration.ofSeconds(30);

	private static final int FAILURES_IN_A_ROW = 3;

	private final TokenVault vault;

	private final DefernoTokenHolders holders;

	private final UnrecordedHolds unrecorded;

	private final DefernoTokenRevoker revoker;

	private final ApplicationEventPublisher events;

	private final Ticker ticker;

	DefernoTokenSweep(TokenVault vault, DefernoTokenHolders holders, UnrecordedHolds unrecorded,
			DefernoTokenRevoker revoker, ApplicationEventPublisher events, Ticker ticker) {
		this.vault = vault;
		this.holders = holders;
		this.unrecorded = unrecorded;
		this.revoker = revoker;
		this.events = events;
		this.ticker = ticker;
	}

	public void sweep() {
		long deadline = this.ticker.read() + BUDGET.toNanos();
		int failedInARow = 0;
		RuntimeException failure = null;
		try {
			Claimed due;
			do {
				due = this.holders.claimDue(BATCH);
				Iterator<String> handles = due.handles().iterator();
				while (handles.hasNext() && failedInARow < FAILURES_IN_A_ROW && inTime(deadline)) {
					try {
						revoke(handles.next());
						failedInARow = 0;
					}
					catch (RuntimeException ex) {
						failure = ex;
						failedInARow++;
					}
				}
				// not left to wait behind the failed or slow ones
				handles.forEachRemaining(this.holders::giveBack);
			}
			while (due.more() && failedInARow < FAILURES_IN_A_ROW && inTime(deadline));
		}
		catch (RuntimeException ex) {
			logger.warn("Sweeping for Deferno tokens to revoke failed; trying again at the next sweep: {}",
					ex.getMessage());
		}
		if (failure != null) {
			logger.warn("Revoking Deferno tokens failed; trying again in {} minutes: {}",
					DefernoTokenHolders.CLAIM.toMinutes(), failure.getMessage());
		}
	}

	private boolean inTime(long deadline) {
		return this.ticker.read() - deadline < 0;
	}

	private void revoke(String handle) {
		Optional<RevocableToken> revocable = this.vault.revocable(handle);
		if (revocable.isPresent()) {
			RevocableToken token = revocable.get();
			if (this.unrecorded.recordAny(handle, token.user())) {
				logger.info("A grant of {} holds a Deferno token no hold of it was recorded for (an earlier auth "
						+ "server's grant?); it is kept until the grant ends", token.user());
				return;
			}
			Outcome outcome = this.revoker.revoke(token.id(), token.token());
			if (outcome == Outcome.REFUSED) {
				logger.warn("Deferno did not revoke {} of {}; it is not tried again",
						(token.id() != null) ? "token " + token.id() : "the session token", token.user());
			}
			this.events.publishEvent(AuditEvent.of(AuditEvent.DEFERNO_TOKEN_REVOKED, token.user(), null)
				.with("token_id", token.id())
				.with("outcome", outcome.name().toLowerCase(Locale.ROOT)));
		}
		this.vault.forgetRevocable(handle);
	}

}
