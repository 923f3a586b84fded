package com.defernowork.gateway.mcp.deferno.client;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ObjIntConsumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.DefaultUriBuilderFactory;
import org.springframework.web.util.DefaultUriBuilderFactory.EncodingMode;

import com.defernowork.gateway.mcp.deferno.client.DefernoFailureLog.Attempts;
import com.defernowork.gateway.mcp.deferno.client.DefernoFailureLog.Kind;
import com.defernowork.gateway.mcp.http.ByteBudget;
import com.defernowork.gateway.web.http.DeadlineExceededException;
import com.defernowork.gateway.mcp.trace.TraceContext;
import com.defernowork.gateway.web.http.RetryAfter;

/**
 * The Deferno API as the tools see it: one JSON request per call, the envelope unwrapped,
 * every failure a {@link DefernoApiException}. Idempotent reads are retried on
 * 502/503/504 (and a 429 asking for a short wait) and connection failures, never before a
 * {@code Retry-After} has passed and not at all when it is long; writes never are, and a
 * write that got no answer is reported as of unknown outcome. When Deferno answers 401
 * and, asked again at {@code /auth/me} ({@link SignInCheck}), refuses the credential
 * there too, the {@link DefernoUnauthorizedListener}s are told before the error is
 * raised; a refusal that {@code /auth/me} does not confirm is reported as worth another
 * try and told to no one. Each request goes out as a URI template with its values
 * ({@link PathTemplate}), so {@code http.client.requests} is tagged by endpoint; failures
 * are logged for the operator by {@link DefernoFailureLog}.
 */
public final class DefernoClient {

	private static final Logger logger = LoggerFactory.getLogger(DefernoClient.class);

	private static final Set<Integer> RETRYABLE_STATUSES = Set.of(502, 503, 504);

	private static final Duration RETRY_DELAY = Duration.ofMillis(100);

	/** The longest Retry-After a read waits out before its next attempt. */
	private static final Duration LONGEST_RETRY_AFTER = Duration.ofSeconds(2);

	/**
	 * The largest answer read: an answer is held whole, as text and as JSON, and again as
	 * a tool result, several times its size at its peak, on a heap of some 80 MB that up
	 * to the pool's 50 calls share. A bound on what one answer can cost; the largest
	 * lists Deferno gives (500 items) stay well under it. What all answers being read and
	 * parsed at once may hold is bounded too ({@link ByteBudget}).
	 */
	static final int MAX_ANSWER_BYTES = 4 * 1024 * 1024;

	/**
	 * The bytes of answers held at once: a twentieth of the heap, never less than one of
	 * the largest answers. A call's largest answer is held until its result is built from
	 * it ({@link HeldAnswers}), by then its tree, projection and result took some five to
	 * ten times its size: on an 80 MB heap about one of the largest answers at a time,
	 * while thousands of ordinary ones fit.
	 */
	static ByteBudget answerBudget() {
		return ByteBudget.shareOfTheHeap(20, MAX_ANSWER_BYTES);
	}

	/**
	 * The longest a call waits for room to read an answer: well inside the read timeout
	 * that ends the exchange, and a wait so long means too many large answers at once.
	 */
	private static final Duration LONGEST_ROOM_WAIT = Duration.ofSeconds(5);

	static final String PROFILE_PATH = "/auth/me";

	private static final String SETTINGS_PATH = "/auth/me/settings";

	/** Deferno's name for a request in its logs, quoted to the operator. */
	public static final String REQUEST_ID = "X-Request-Id";

	private final RestClient restClient;

	private final String baseUrl;

	/** For idempotent reads only; {@code null} when no retries are configured. */
	private final RetryTemplate readRetries;

	private final JsonMapper jsonMapper;

	private final Envelope envelope;

	/**
	 * Looked up once: resolving a bean by type on every call cost about a tenth of a tool
	 * call's CPU.
	 */
	private final SingletonSupplier<DefernoTokenSource> tokenSource;

	private final ObjectProvider<DefernoUnauthorizedListener> unauthorizedListeners;

	private final ProfileCache profiles;

	private final SignInCheck signIns;

	private final DefernoProperties properties;

	/** Shared by every read: retries stay a small part of what Deferno is sent. */
	private final RetryBudget retries;

	/** The bytes of answers read and parsed at once. */
	private final ByteBudget answers;

	/** Whether Deferno answered lately, for the health component. */
	private final DefernoAnswers seen;

	private final DefernoFailureLog failures;

	/** Several reads of one call at once, within the person's share. */
	private final FewAtOnce fewAtOnce;

	public DefernoClient(RestClient restClient, DefernoProperties properties, JsonMapper jsonMapper,
			ObjectProvider<DefernoTokenSource> tokenSources,
			ObjectProvider<DefernoUnauthorizedListener> unauthorizedListeners) {
		this(restClient, properties, jsonMapper, tokenSources, unauthorizedListeners, ProfileCache.off(),
				new SignInCheck(properties.signInCheckMemory()), answerBudget(), new RetryBudget(),
				new DefernoAnswers(Clock.systemUTC()), PersonLanes.UNBOUNDED);
	}

	DefernoClient(RestClient restClient, DefernoProperties properties, JsonMapper jsonMapper,
			ObjectProvider<DefernoTokenSource> tokenSources,
			ObjectProvider<DefernoUnauthorizedListener> unauthorizedListeners, ProfileCache profiles,
			SignInCheck signIns, ByteBudget answers, RetryBudget retries, DefernoAnswers seen, PersonLanes lanes) {
		// the tools send values already encoded the way Deferno expects
		this.restClient = restClient.mutate().uriBuilderFactory(unencoded()).build();
		this.properties = properties;
		this.baseUrl = properties.normalizedBaseUrl();
		this.readRetries = (properties.readRetries() > 0) ? new RetryTemplate(RetryPolicy.builder()
			.maxRetries(properties.readRetries())
			.delay(RETRY_DELAY)
			// spread, so the reads of many calls (and replicas) refused together do not
			// come back to an overloaded Deferno in step
			.jitter(RETRY_DELAY.dividedBy(2))
			.multiplier(2)
			.includes(RetryableFailure.class)
			.build()) : null;
		this.jsonMapper = jsonMapper;
		this.envelope = new Envelope(jsonMapper);
		this.tokenSource = SingletonSupplier.of(tokenSources::getIfAvailable);
		this.unauthorizedListeners = unauthorizedListeners;
		this.profiles = profiles;
		this.signIns = signIns;
		this.answers = answers;
		this.retries = retries;
		this.seen = seen;
		this.failures = new DefernoFailureLog(logger, Clock.systemUTC(), seen);
		this.fewAtOnce = new FewAtOnce(lanes);
	}

	public JsonNode get(String path) {
		return call(DefernoCall.get(path));
	}

	public JsonNode post(String path, Object body) {
		return call(DefernoCall.post(path, body));
	}

	/**
	 * The signed-in person ({@code GET /auth/me}), remembered per Deferno credential for
	 * {@code deferno.profile-ttl} (30 s by default) and forgotten when Deferno refuses
	 * the credential.
	 */
	public JsonNode profile() {
		String token = currentToken();
		return this.profiles.get(token, () -> call(DefernoCall.get(PROFILE_PATH), token));
	}

	/**
	 * The signed-in person's settings ({@code GET /auth/me/settings}), remembered as the
	 * profile is: their time zone is read on many calls and rarely changes.
	 */
	public JsonNode settings() {
		String token = currentToken();
		return this.profiles.settings(token, () -> call(DefernoCall.get(SETTINGS_PATH), token));
	}

	/**
	 * A call that may have saved the person's settings (Deferno keeps the first time zone
	 * it is sent): the next {@link #settings()} asks Deferno again.
	 */
	public void settingsMayHaveChanged() {
		this.profiles.forgetSettings(currentToken());
	}

	public JsonNode call(DefernoCall call) {
		return call(call, currentToken());
	}

	/**
	 * {@code work} (which calls Deferno) applied to each input, up to
	 * {@value FewAtOnce#WIDTH} at once: the extra lanes come out of the person's share of
	 * {@code DEFERNO_MAX_CALLS_PER_PERSON} (given back before their next input when the
	 * person's later calls need it) and run with this call's sign-in, time and trace. The
	 * results are in the inputs' order; a failure is the one the first failing input met,
	 * as if they had been worked on one after the other.
	 */
	public <T, R> List<R> fewAtOnce(List<T> inputs, Function<? super T, ? extends R> work) {
		return fewAtOnce(inputs, work, (result, index) -> {
		});
	}

	/**
	 * As {@link #fewAtOnce(List, Function)}, each result handed to {@code inOrder} in the
	 * inputs' order on this thread: a refusal there decides, before any later input's
	 * failure, and no input is started after it.
	 */
	public <T, R> List<R> fewAtOnce(List<T> inputs, Function<? super T, ? extends R> work,
			ObjIntConsumer<? super R> inOrder) {
		if (inputs.size() < 2) {
			List<R> results = new ArrayList<>();
			for (int i = 0; i < inputs.size(); i++) {
				R result = work.apply(inputs.get(i));
				inOrder.accept(result, i);
				results.add(result);
			}
			return results;
		}
		// resolved here, where a sign-in that ended is signalled, and shared by the lanes
		return this.fewAtOnce.each(currentToken(), inputs, work, inOrder);
	}

	private JsonNode call(DefernoCall call, String token) {
		Attempts attempts = this.failures.attempts(call.method(), call.path());
		try {
			if (call.method() == HttpMethod.GET && this.readRetries != null) {
				RetryAfterPacing pacing = new RetryAfterPacing(this.retries);
				return this.readRetries.invoke(() -> pacing.attempt(() -> exchange(call, token, attempts)));
			}
			return exchange(call, token, attempts);
		}
		catch (RetryableFailure failure) {
			throw failure.error;
		}
		finally {
			attempts.ended();
		}
	}

	/**
	 * Tries the newer form of a request first and, only when the refusal shows that the
	 * backend does not know that form ({@code preferredUnknown}, e.g. an older Deferno
	 * naming the body's shape or lacking the route), the older form. Any other refusal is
	 * reported as it is: the write was understood and refused, and sending it again in
	 * another form would hide Deferno's reason or apply it twice.
	 */
	public JsonNode callWithFallback(DefernoCall preferred, DefernoCall fallback,
			Predicate<DefernoApiException> preferredUnknown) {
		try {
			return call(preferred);
		}
		catch (DefernoApiException first) {
			// an older form identical to the one just refused would only be refused again
			if (!preferredUnknown.test(first) || fallback.equals(preferred)) {
				throw first;
			}
			logger.debug("Deferno answered {} to {} {}; trying the older form {} {}", first.status(),
					preferred.method(), preferred.path(), fallback.method(), fallback.path());
			try {
				return call(fallback);
			}
			catch (DefernoApiException second) {
				// when the older form is unknown too, the newer form's refusal is the one
				// that describes today's Deferno
				if (preferredUnknown.test(second)) {
					first.addSuppressed(second);
					throw first;
				}
				throw second;
			}
		}
	}

	private static DefaultUriBuilderFactory unencoded() {
		DefaultUriBuilderFactory factory = new DefaultUriBuilderFactory();
		factory.setEncodingMode(EncodingMode.NONE);
		return factory;
	}

	private String currentToken() {
		String lent = FewAtOnce.lentToken();
		if (lent != null) {
			return lent;
		}
		DefernoTokenSource source = this.tokenSource.get();
		if (source == null) {
			throw new DefernoTokenUnavailableException(
					"no Deferno token source is configured on this server (set deferno.token, or enable token exchange)");
		}
		String token = source.currentToken();
		if (token == null || token.isBlank()) {
			throw new DefernoTokenUnavailableException("no Deferno token is available for this request");
		}
		return token;
	}

	private JsonNode exchange(DefernoCall call, String token, Attempts attempts) {
		if (CallCancellation.askedHere()) {
			throw cancelled();
		}
		attempts.next();
		Duration left = CallDeadline.remaining();
		if (left != null && left.isZero()) {
			throw outOfTime(call, attempts);
		}
		Response response;
		try {
			response = send(call, token, true);
		}
		catch (ResourceAccessException ex) {
			throw networkFailure(ex, call, attempts, left);
		}
		this.seen.answered(call.method(), call.path(), response.status(), response.requestId());
		try {
			return unwrap(call, token, response, attempts);
		}
		catch (DefernoApiException ex) {
			throw ex.answeredBy(response.status(), response.requestId());
		}
		catch (RetryableFailure ex) {
			throw new RetryableFailure(ex.error.answeredBy(response.status(), response.requestId()));
		}
		finally {
			// the largest of a tool call's answers is counted until its result is built
			// from it (outside a tool call, until parsed); by its length alone, so that
			// its bytes are not kept once parsed
			int length = response.answer().length();
			HeldAnswers.release(length, () -> this.answers.release(length));
		}
	}

	private JsonNode unwrap(DefernoCall call, String token, Response response, Attempts attempts) {
		ByteBudget.Read body = response.answer();
		if (body.outcome() != ByteBudget.Outcome.READ && response.status() >= 200 && response.status() < 300) {
			if (body.outcome() == ByteBudget.Outcome.NO_ROOM) {
				attempts.failed(Kind.NO_ROOM, "no room to read its answer in time (many large answers at once)",
						response.requestId());
			}
			throw unread(call, response.status(), body.outcome());
		}
		boolean signInEnded = false;
		if (response.status() == 401) {
			this.profiles.forget(token);
			// without listeners there is nothing to guard: the 401 is reported as it is
			signInEnded = this.unauthorizedListeners.orderedStream().findAny().isPresent();
			DefernoApiException unconfirmed = signInEnded ? unauthorized(call, token, response) : null;
			if (unconfirmed != null) {
				throw unconfirmed;
			}
		}
		try {
			// a refusal too large to read is known by its status alone
			return this.envelope.unwrap(response.status(), body, response.requestId(), call.method() != HttpMethod.GET);
		}
		catch (DefernoApiException ex) {
			if (Envelope.failedOnItsSide(response.status())) {
				attempts.failed(Kind.SERVER_ERROR,
						"Deferno answered " + response.status() + this.envelope.failureWords(body),
						response.requestId());
			}
			Duration wait = RetryAfter.of(response.retryAfter());
			DefernoApiException error = (wait != null) ? ex.withRetryAfter(wait) : ex;
			if (signInEnded) {
				throw error.signInEnded();
			}
			throw worthRetrying(response.status(), wait) ? new RetryableFailure(error) : error;
		}
	}

	/**
	 * A successful answer that was not read: too large, or no room to hold it in time.
	 */
	private static DefernoApiException unread(DefernoCall call, int status, ByteBudget.Outcome outcome) {
		boolean tooLarge = outcome == ByteBudget.Outcome.TOO_LARGE;
		String why = tooLarge ? "larger than the " + (MAX_ANSWER_BYTES >> 20) + " MB this gateway reads"
				: "more than this gateway had room for in time (it is reading many large answers at once)";
		// this gateway's words, not "Deferno API error": Deferno answered with success
		String reason = tooLarge ? DefernoApiException.ANSWER_TOO_LARGE : DefernoApiException.NO_ROOM;
		if (call.method() != HttpMethod.GET) {
			return DefernoApiException.unanswered(502, reason, "Deferno applied the change (HTTP " + status
					+ "), but its answer is " + why + ", so it is not shown: read the item back to see it");
		}
		if (tooLarge) {
			return DefernoApiException.unanswered(502, reason, "Deferno's answer (HTTP " + status + ") is " + why
					+ "; ask for less where the call allows it (a lower limit, fewer days, without full)");
		}
		return DefernoApiException.unanswered(503, reason,
				"Deferno's answer (HTTP " + status + ") is " + why + "; try again in a moment");
	}

	/**
	 * Deferno refused the credential on this call: the listeners (which end the grant)
	 * are told only when {@code /auth/me} refuses it too, and the 401 is then reported as
	 * it is, saying that the sign-in ended ({@code null}). Otherwise the error to report
	 * instead: never retried here, since the refusal applied nothing and the agent can
	 * simply call again. Asked only when there are listeners.
	 */
	private DefernoApiException unauthorized(DefernoCall call, String token, Response response) {
		String refusedCall = call.method() + " " + PathTemplate.of(call.path()).path()
				+ ((response.requestId() != null) ? " (X-Request-Id " + response.requestId() + ")" : "");
		return switch (this.signIns.check(token, refusedCall,
				() -> profileStatus(send(DefernoCall.get(PROFILE_PATH), token, false)))) {
			case REFUSED -> {
				notifyUnauthorized();
				yield null;
			}
			// Deferno's own status: a 503 in the message would claim an answer it never
			// sent
			case REFUSED_WIDELY -> new DefernoApiException(401, null,
					"Deferno refuses many sign-ins at once right now, most likely its own trouble: this sign-in is"
							+ " kept; try again later");
			case ACCEPTED -> new DefernoApiException(401, null,
					"Deferno refused this call's credentials once but still accepts the sign-in; try the call again");
			case UNANSWERED -> new DefernoApiException(401, null,
					"Deferno refused this call's credentials and could not be asked whether the sign-in still works; "
							+ "try again later");
		};
	}

	/**
	 * One request as it went: its answer, or a {@link ResourceAccessException} when none
	 * came.
	 */
	private Response send(DefernoCall call, String token, boolean waitForRoom) {
		long started = System.nanoTime();
		PathTemplate path = PathTemplate.of(call.path());
		RestClient.RequestBodySpec request = this.restClient.method(call.method())
			.uri(this.baseUrl + path.uriTemplate(), path.values().toArray())
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.APPLICATION_JSON);
		TraceContext.current().ifPresent((trace) -> request.headers((headers) -> {
			headers.set(TraceContext.TRACEPARENT, trace.traceparent());
			if (trace.tracestate() != null) {
				headers.set(TraceContext.TRACESTATE, trace.tracestate());
			}
		}));
		if (call.body() != null) {
			request.body(this.jsonMapper.writeValueAsBytes(call.body()));
		}
		return request.exchange((req, res) -> new Response(res.getStatusCode().value(),
				res.getHeaders().getFirst(RetryAfter.HEADER), res.getHeaders().getFirst(REQUEST_ID),
				this.answers.read(res.getBody(), res.getHeaders().getContentLength(), MAX_ANSWER_BYTES,
						waitForRoom ? roomWait(started) : Duration.ZERO, HeldAnswers::releaseHeld)));
	}

	/**
	 * Waiting holds a pooled connection but no memory (the answer waits in it): as long
	 * as the call may still take, at most {@link #LONGEST_ROOM_WAIT}, and never past the
	 * read timeout for the whole answer, counted from {@code started} (a little before
	 * the request was sent, so the wait ends first): a wait past it would find the
	 * connection closed under it and be reported as Deferno's slowness, not this
	 * gateway's limit.
	 */
	private Duration roomWait(long started) {
		Duration answerLeft = this.properties.readTimeout().minusNanos(System.nanoTime() - started);
		Duration wait = Stream.of(answerLeft, CallDeadline.remaining(), LONGEST_ROOM_WAIT)
			.filter(Objects::nonNull)
			.min(Comparator.naturalOrder())
			.orElseThrow();
		return wait.isNegative() ? Duration.ZERO : wait;
	}

	/**
	 * The profile's status, a 401 only in Deferno's own words (its envelope's error): a
	 * balancer's or proxy's 401 page in front of Deferno says nothing of the sign-in, and
	 * must not end a person's grant.
	 */
	private int profileStatus(Response response) {
		try {
			return (response.status() == 401 && !this.envelope.isError(response.answer())) ? SignInCheck.NOT_DEFERNOS
					: response.status();
		}
		finally {
			this.answers.release(response.answer());
		}
	}

	/**
	 * A gateway error or an overload, unless Deferno asked for a longer wait than a tool
	 * call should hold a thread for (then the agent is told the wait instead); a 429 only
	 * with a short wait, never at once.
	 */
	private static boolean worthRetrying(int status, Duration wait) {
		if (wait != null && wait.compareTo(LONGEST_RETRY_AFTER) > 0) {
			return false;
		}
		return RETRYABLE_STATUSES.contains(status) || (status == 429 && wait != null);
	}

	/**
	 * What a network failure means for the agent, logged for the operator. A request that
	 * never left (no connection) changed nothing; a write that left and got no answer may
	 * have been applied, so the agent must look before sending it again.
	 */
	private RuntimeException networkFailure(ResourceAccessException ex, DefernoCall call, Attempts attempts,
			Duration left) {
		Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
		boolean read = call.method() == HttpMethod.GET;
		if (cause instanceof DeadlineExceededException deadline) {
			return pastDeadline(deadline, call, attempts);
		}
		if (cause instanceof ConnectionRequestTimeoutException) {
			return cutShort(left, this.properties.connectTimeout()) ? outOfTimeForAConnection(call, attempts)
					: poolFull(read, attempts,
							seconds(this.properties.connectTimeout()) + " (DEFERNO_CONNECT_TIMEOUT)");
		}
		// before SocketTimeoutException: a connect timeout is one too, but nothing was
		// sent
		if (cause instanceof ConnectException || cause instanceof ConnectTimeoutException
				|| cause instanceof UnknownHostException || cause instanceof NoRouteToHostException) {
			attempts.failed(Kind.NOT_CONNECTED, notConnected(cause), null);
			return read ? unreachable() : notSent();
		}
		if (cause instanceof SocketTimeoutException) {
			return unanswered(read, attempts, "no answer within "
					+ (cutShort(left, this.properties.readTimeout()) ? toolCallLeft() : readTimeout()));
		}
		if (cause instanceof NoHttpResponseException) {
			attempts.failed(Kind.CONNECTION_LOST, "the connection closed without an answer", null);
			return read ? unreachable() : DefernoApiException.unanswered(502, DefernoApiException.UNKNOWN_OUTCOME,
					"Deferno closed the connection without answering" + UnknownOutcome.ADVICE);
		}
		// a reset, a broken TLS session: the cause names hosts and classes, for the
		// operator's log, never for the agent; a socket's or TLS session's message says
		// what broke, another exception's may quote the request's address, query included
		attempts.failed(Kind.CONNECTION_LOST,
				"the connection failed: " + ((cause instanceof SocketException || cause instanceof SSLException)
						? cause.toString() : cause.getClass().getSimpleName()),
				null);
		if (!read) {
			return DefernoApiException.unanswered(502, DefernoApiException.UNKNOWN_OUTCOME,
					"the connection to Deferno failed before its answer was complete" + UnknownOutcome.ADVICE);
		}
		// a read is sent again, as after a connection that closed unanswered: it changes
		// nothing, and an answer cut off halfway is no answer; a TLS session that was
		// refused (its handshake, its certificate) would be refused again
		DefernoApiException failed = DefernoApiException.unanswered(502, DefernoApiException.UNREACHABLE,
				"the connection to Deferno failed; try again later");
		boolean refusedTls = cause instanceof SSLHandshakeException || cause instanceof SSLPeerUnverifiedException;
		return refusedTls ? failed : new RetryableFailure(failed);
	}

	/**
	 * The request's deadline ended it wherever it was: what was left of the tool call's
	 * time, or {@code DEFERNO_READ_TIMEOUT} for its whole answer. Only a request that
	 * left can have been applied.
	 */
	private RuntimeException pastDeadline(DeadlineExceededException deadline, DefernoCall call, Attempts attempts) {
		boolean read = call.method() == HttpMethod.GET;
		String bound = deadline.callersTime() ? toolCallLeft() : readTimeout();
		return switch (deadline.stage()) {
			case WAITING_FOR_CONNECTION ->
				deadline.callersTime() ? outOfTimeForAConnection(call, attempts) : poolFull(read, attempts, bound);
			case CONNECTING -> {
				attempts.failed(Kind.NOT_CONNECTED, "no connection within " + bound, null);
				// no time is left for another attempt
				yield deadline.callersTime() ? outOfTime(call) : (read ? unreachable() : notSent());
			}
			case AWAITING_ANSWER -> unanswered(read, attempts, "no answer within " + bound);
			case READING_ANSWER -> unanswered(read, attempts, "the answer began but had not ended within " + bound);
		};
	}

	/**
	 * Every pooled connection stayed busy for {@code bound}: the gateway is at its limit,
	 * not Deferno down; trying again at once would only queue again.
	 */
	private DefernoApiException poolFull(boolean read, Attempts attempts, String bound) {
		attempts.failed(Kind.POOL_FULL, "all " + this.properties.maxConnections()
				+ " connections (DEFERNO_MAX_CONNECTIONS) stayed busy for " + bound, null);
		return DefernoApiException.unanswered(503, DefernoApiException.POOL_EXHAUSTED,
				"the gateway is at its limit of concurrent Deferno calls; nothing was sent"
						+ (read ? "" : ", so nothing was applied") + "; try again in a few seconds");
	}

	/**
	 * The request left and its answer did not come (or end) within its bound. Not
	 * retried: the bound already spent the caller's patience.
	 */
	private static DefernoApiException unanswered(boolean read, Attempts attempts, String what) {
		attempts.failed(Kind.TIMEOUT, what, null);
		return read
				? DefernoApiException.unanswered(504, DefernoApiException.TIMEOUT,
						"Deferno did not answer in time; try again later")
				: DefernoApiException.unanswered(504, DefernoApiException.UNKNOWN_OUTCOME,
						"Deferno did not answer in time" + UnknownOutcome.ADVICE);
	}

	/** A write that could not be sent: as a retryable failure, like a read's. */
	private static RetryableFailure notSent() {
		return new RetryableFailure(DefernoApiException.unanswered(502, DefernoApiException.UNREACHABLE,
				"Deferno is unreachable; the change was not sent, so nothing was applied; try again later"));
	}

	/**
	 * The client cancelled the request ({@link CallCancellation}): its next call is not
	 * sent. Nobody reads the answer; the words are for the log of the call's outcome.
	 */
	private static DefernoApiException cancelled() {
		return DefernoApiException.unanswered(499, DefernoApiException.CANCELLED,
				"the client cancelled the request, so its next Deferno call was not sent");
	}

	/**
	 * The tool call has used up its time ({@link CallDeadline}): its next request is not
	 * sent.
	 */
	private DefernoApiException outOfTime(DefernoCall call, Attempts attempts) {
		attempts.failed(Kind.OUT_OF_TIME, "the tool call's " + toolCallTimeout() + " were used up", null);
		return outOfTime(call);
	}

	/**
	 * The tool call's time ran out while its next request waited for a connection: the
	 * call's time, not the pool, ended it (a call of thousands of requests used it up
	 * with the pool idle), though the pool may have been busy too.
	 */
	private DefernoApiException outOfTimeForAConnection(DefernoCall call, Attempts attempts) {
		attempts.failed(
				Kind.OUT_OF_TIME, "the tool call's " + toolCallTimeout() + " were used up while it waited for "
						+ "one of the " + this.properties.maxConnections() + " connections (DEFERNO_MAX_CONNECTIONS)",
				null);
		return outOfTime(call);
	}

	/** The tool call's time ran out before a request could be sent. */
	private DefernoApiException outOfTime(DefernoCall call) {
		return DefernoApiException.unanswered(504, DefernoApiException.TIMEOUT,
				"Deferno did not finish in time: this tool call used up its " + toolCallTimeout()
						+ " before its next request to Deferno, which was not sent"
						+ ((call.method() == HttpMethod.GET) ? "; try again later"
								: ", so that change was not applied (an earlier step of the same call may have "
										+ "been): read the item back before trying again"));
	}

	/** Whether what was left of the tool call's time, not {@code bound}, ended a wait. */
	private static boolean cutShort(Duration left, Duration bound) {
		return left != null && left.compareTo(bound) < 0;
	}

	private String toolCallTimeout() {
		return seconds(this.properties.toolCallTimeout()) + " (DEFERNO_TOOL_CALL_TIMEOUT)";
	}

	private String toolCallLeft() {
		return "what was left of the tool call's " + toolCallTimeout();
	}

	private String readTimeout() {
		return seconds(this.properties.readTimeout()) + " (DEFERNO_READ_TIMEOUT)";
	}

	private String notConnected(Throwable cause) {
		return switch (cause) {
			case ConnectException refused -> "connection refused";
			case ConnectTimeoutException timeout ->
				"no connection within " + seconds(this.properties.connectTimeout()) + " (DEFERNO_CONNECT_TIMEOUT)";
			case UnknownHostException unknown -> "the host is unknown";
			default -> "no route to the host";
		};
	}

	private static String seconds(Duration duration) {
		return (duration.toMillis() % 1000 == 0) ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
	}

	private static RetryableFailure unreachable() {
		return new RetryableFailure(DefernoApiException.unanswered(502, DefernoApiException.UNREACHABLE,
				"Deferno is unreachable; try again later"));
	}

	private void notifyUnauthorized() {
		this.unauthorizedListeners.orderedStream().forEach((listener) -> {
			try {
				listener.onUnauthorized();
			}
			catch (RuntimeException ex) {
				logger.warn("DefernoUnauthorizedListener {} failed: {}", listener.getClass().getName(), ex.toString());
			}
		});
	}

	/**
	 * @param answer the answer as read, holding its bytes of the budget until released
	 */
	private record Response(int status, String retryAfter, String requestId, ByteBudget.Read answer) {
	}

	/**
	 * A failure worth another attempt for an idempotent read; carries the error to raise
	 * otherwise.
	 */
	private static final class RetryableFailure extends RuntimeException {

		private final DefernoApiException error;

		RetryableFailure(DefernoApiException error) {
			super(error.getMessage(), null, false, false);
			this.error = error;
		}

	}

	/**
	 * One read's attempts: the next one does not go out before the wait the last refusal
	 * asked for has passed (the retry policy's own delay counts towards it), nor when the
	 * server's {@link RetryBudget} is spent. A thread interrupted while it waits is being
	 * stopped: it sends nothing more and fails with the last refusal, its interrupt flag
	 * kept for whoever stops it.
	 */
	private static final class RetryAfterPacing {

		private final RetryBudget budget;

		private long notBefore;

		private DefernoApiException last;

		RetryAfterPacing(RetryBudget budget) {
			this.budget = budget;
		}

		JsonNode attempt(Supplier<JsonNode> exchange) {
			if (this.last == null) {
				this.budget.read();
			}
			else if (outlastsTheCall() || !waitedOut() || !this.budget.tryRetry()) {
				// not a RetryableFailure: the retry policy must not try again
				throw this.last;
			}
			try {
				return exchange.get();
			}
			catch (RetryableFailure failure) {
				Duration wait = failure.error.retryAfter();
				this.last = failure.error;
				this.notBefore = (wait != null) ? System.nanoTime() + wait.toNanos() : 0;
				throw failure;
			}
		}

		/**
		 * Whether the wait asked for ends after the tool call's time
		 * ({@link CallDeadline}).
		 */
		private boolean outlastsTheCall() {
			Duration left = CallDeadline.remaining();
			return left != null && this.notBefore - System.nanoTime() > left.toNanos();
		}

		/**
		 * Whether the wait asked for has passed without this thread being interrupted
		 * (also during the retry policy's own delay).
		 */
		private boolean waitedOut() {
			long remaining = this.notBefore - System.nanoTime();
			try {
				if (remaining > 0) {
					Thread.sleep(Duration.ofNanos(remaining));
				}
				return !Thread.currentThread().isInterrupted();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}

	}

}
