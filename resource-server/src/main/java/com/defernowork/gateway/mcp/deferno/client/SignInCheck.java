package com.defernowork.gateway.mcp.deferno.client;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntSupplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.defernowork.gateway.mcp.security.CallingPerson;
import com.defernowork.gateway.mcp.security.TokenKeys;

/**
 * Whether Deferno still accepts a credential it has just refused on one call, asked once
 * more at {@code GET /auth/me}: one 401 may come from a bad node or a misrouted proxy in
 * front of Deferno, and acting on it would sign the person out. Concurrent refusals of
 * one credential share one question, and its answer is remembered for
 * {@code deferno.sign-in-check-memory}, so a burst of refusals costs Deferno one request.
 * Keyed by the credential's digest, so a heap dump hands out no token.
 */
final class SignInCheck {

	private static final Logger logger = LoggerFactory.getLogger(SignInCheck.class);

	/**
	 * The profile's status when it answered 401 in words not Deferno's: no verdict on the
	 * sign-in.
	 */
	static final int NOT_DEFERNOS = -401;

	/** Most credentials whose verdict is kept. */
	static final long MAXIMUM_SIZE = 10_000;

	/** What Deferno said when asked again. */
	enum Verdict {

		/** 401 again: the sign-in is dead. */
		REFUSED,

		/**
		 * 401 again, but so are many other credentials at once
		 * ({@link WidespreadRefusals}): Deferno's trouble, not this sign-in's.
		 */
		REFUSED_WIDELY,

		/** It answered: the refusal was a one-off, the sign-in lives. */
		ACCEPTED,

		/** No answer, or one that says neither (5xx, timeout): nothing to act on. */
		UNANSWERED

	}

	private final ConcurrentMap<String, CompletableFuture<Verdict>> asking = new ConcurrentHashMap<>();

	/** {@code null} when turned off (a memory of zero). */
	private final Cache<String, Verdict> verdicts;

	private final WidespreadRefusals widespread;

	SignInCheck(Duration memory) {
		this(memory, Ticker.systemTicker());
	}

	SignInCheck(Duration memory, Ticker ticker) {
		this.verdicts = memory.isPositive()
				? Caffeine.newBuilder().maximumSize(MAXIMUM_SIZE).expireAfterWrite(memory).ticker(ticker).build()
				: null;
		this.widespread = new WidespreadRefusals(ticker);
	}

	static SignInCheck off() {
		return new SignInCheck(Duration.ZERO);
	}

	/**
	 * The verdict on a credential Deferno refused on {@code refusedCall} (method and
	 * path, for the log): remembered, being asked by another thread, or asked here
	 * through {@code profileStatus} (the status of {@code GET /auth/me} with the
	 * credential; a failure to reach Deferno throws).
	 */
	Verdict check(String credential, String refusedCall, IntSupplier profileStatus) {
		String key = TokenKeys.of(credential);
		Verdict verdict = verdict(key, refusedCall, profileStatus);
		return (verdict == Verdict.REFUSED && this.widespread.refusedWith(refusedOne(key))) ? Verdict.REFUSED_WIDELY
				: verdict;
	}

	/**
	 * Whose refusal it is: the person's, so that one person's many ended sign-ins count
	 * once; the credential's own without a signed-in person.
	 */
	private static String refusedOne(String credentialKey) {
		String person = CallingPerson.name();
		return (person != null) ? "person " + TokenKeys.of(person) : credentialKey;
	}

	private Verdict verdict(String key, String refusedCall, IntSupplier profileStatus) {
		Verdict remembered = remembered(key);
		if (remembered != null) {
			return remembered;
		}
		CompletableFuture<Verdict> mine = new CompletableFuture<>();
		CompletableFuture<Verdict> running = this.asking.putIfAbsent(key, mine);
		if (running != null) {
			return answerOf(running);
		}
		try {
			// another thread may have finished asking just before this one started
			Verdict verdict = remembered(key);
			if (verdict == null) {
				verdict = ask(refusedCall, profileStatus);
				if (this.verdicts != null) {
					this.verdicts.put(key, verdict);
				}
			}
			mine.complete(verdict);
			return verdict;
		}
		catch (RuntimeException ex) {
			mine.complete(Verdict.UNANSWERED);
			throw ex;
		}
		finally {
			this.asking.remove(key, mine);
		}
	}

	/**
	 * Another call's question, waited for no longer than this call's budget: the other
	 * call's own budget may end later.
	 */
	private static Verdict answerOf(CompletableFuture<Verdict> running) {
		Duration left = CallDeadline.remaining();
		if (left == null) {
			return running.join();
		}
		try {
			return running.get(left.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Verdict.UNANSWERED;
		}
		catch (TimeoutException | ExecutionException ex) {
			return Verdict.UNANSWERED;
		}
	}

	private Verdict remembered(String key) {
		return (this.verdicts != null) ? this.verdicts.getIfPresent(key) : null;
	}

	/** Logs once per question what keeps the grant alive; never the credential. */
	private static Verdict ask(String refusedCall, IntSupplier profileStatus) {
		int status;
		try {
			status = profileStatus.getAsInt();
		}
		catch (RuntimeException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			logger.warn(
					"Deferno refused a credential on {} and could not be asked at /auth/me whether it still "
							+ "accepts it ({}); the sign-in is kept and the call reported as a temporary failure",
					refusedCall, cause.getClass().getSimpleName());
			return Verdict.UNANSWERED;
		}
		if (status == NOT_DEFERNOS) {
			logger.warn("Deferno refused a credential on {} and /auth/me answered 401, but not in Deferno's words (a "
					+ "balancer or proxy in front of it?); the sign-in is kept and the call reported as a temporary "
					+ "failure", refusedCall);
			return Verdict.UNANSWERED;
		}
		if (status == 401) {
			return Verdict.REFUSED;
		}
		if (status >= 200 && status < 300) {
			logger.warn("Deferno refused a credential on {} but accepted it at /auth/me at once; the sign-in is "
					+ "kept and the call reported as worth repeating (a Deferno node or a proxy in front of it "
					+ "answering 401 by mistake?)", refusedCall);
			return Verdict.ACCEPTED;
		}
		logger.warn("Deferno refused a credential on {} and answered {} at /auth/me; the sign-in is kept and the "
				+ "call reported as a temporary failure", refusedCall, status);
		return Verdict.UNANSWERED;
	}

}
