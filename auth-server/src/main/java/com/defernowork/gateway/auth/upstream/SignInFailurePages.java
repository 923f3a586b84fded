package com.defernowork.gateway.auth.upstream;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thymeleaf.ITemplateEngine;

import com.defernowork.gateway.auth.audit.SignInEnding;
import com.defernowork.gateway.auth.config.HtmlPages;
import com.defernowork.gateway.auth.config.OAuthErrorJson;
import com.defernowork.gateway.auth.config.RedirectUris;
import com.defernowork.gateway.web.http.RetryAfter;
import com.defernowork.gateway.web.http.WaitSeconds;
import com.defernowork.gateway.web.logging.RateLimitedWarning;
import com.defernowork.gateway.web.text.PrintableText;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.util.ThrowableAnalyzer;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

/**
 * Every way the upstream sign-in can fail, as a page saying what happened and offering to
 * start again: an answer that matches no sign-in started in this browser, or a code
 * Deferno refuses, is the browser's (400); a person who cancelled at Deferno goes back to
 * the MCP client with {@code access_denied} where that is safe (403 page otherwise, with
 * the way back as a link when the client waits at a web address or an app scheme); an
 * upstream that cannot be reached, asks for a pause (429) or is too slow is 503/504, with
 * the pause it asked for passed on; anything else it refused is 502. Each is its
 * sign-in's {@code sign_in} audit event ({@link SignInEnding}).
 */
final class SignInFailurePages implements AuthenticationFailureHandler {

	private static final Logger logger = LoggerFactory.getLogger(SignInFailurePages.class);

	private static final Set<String> NO_SUCH_SIGN_IN = Set.of("authorization_request_not_found",
			"invalid_state_parameter", "client_registration_not_found");

	private static final Set<String> BAD_CODE = Set.of(OAuth2ErrorCodes.INVALID_GRANT, "invalid_nonce");

	private static final Set<String> UNAVAILABLE = Set.of(OAuth2ErrorCodes.SERVER_ERROR,
			OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE);

	/**
	 * What the page says for errors Spring describes with upstream addresses and bodies,
	 * or not at all.
	 */
	private static final Map<String, String> OWN_DESCRIPTIONS = Map.of("invalid_nonce",
			"Its answer belongs to another sign-in", "invalid_id_token",
			"The identity provider's ID token is not valid", "invalid_token_response",
			"Its token endpoint did not answer as expected", "invalid_user_info_response",
			"Its user info endpoint did not answer as expected");

	/** RFC 6749 §4.1.2.1's characters for {@code error}, and a code's length at most. */
	private static final Pattern ERROR_CODE = Pattern.compile("[" + OAuthErrorJson.ERROR_CHARACTERS + "]{1,64}");

	private static final String REQUEST_ID = "X-Request-Id";

	/** Upstream descriptions can quote addresses and bodies: logged short. */
	private static final int LOGGED_DESCRIPTION = 300;

	private static final int MAX_REFUSAL_KINDS = 32;

	/** Past this, a wait asked for is no advice to a person at a browser. */
	private static final Duration LONGEST_WAIT_SHOWN = Duration.ofMinutes(10);

	private static final String APPS_UNAFFECTED = " Your apps are not affected; please try again in a moment.";

	private final ThrowableAnalyzer causes = new ThrowableAnalyzer();

	/**
	 * One line per interval for each kind: an outage at Deferno fails everyone's sign-in,
	 * and a script can retry callbacks faster than people do.
	 */
	private final RateLimitedWarning timedOut = new RateLimitedWarning(logger, Clock.systemUTC());

	private final RateLimitedWarning failed = new RateLimitedWarning(logger, Clock.systemUTC());

	private final RateLimitedWarning busy = new RateLimitedWarning(logger, Clock.systemUTC());

	/**
	 * A few of these are tabs given up on; all of them, the browser coming back at
	 * another address than it left from (a loopback alias of the issuer).
	 */
	private final RateLimitedWarning expired = new RateLimitedWarning(logger, Clock.systemUTC());

	/** By Deferno's error code, so that one refusal's lines do not hide another's. */
	private final Map<String, RateLimitedWarning> refused = new ConcurrentHashMap<>();

	private final RegisteredClientRepository clients;

	private final String issuer;

	private final ITemplateEngine templates;

	private final String connector;

	private final Function<HttpServletRequest, RequestingClient> starts;

	private final ApplicationEventPublisher events;

	/**
	 * @param starts the client a sign-in's start is for
	 * ({@link RequestingClient.NotingResolver})
	 */
	SignInFailurePages(RegisteredClientRepository clients, String issuer, ITemplateEngine templates, String connector,
			Function<HttpServletRequest, RequestingClient> starts, ApplicationEventPublisher events) {
		this.clients = clients;
		this.issuer = issuer;
		this.templates = templates;
		this.connector = connector;
		this.starts = starts;
		this.events = events;
	}

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException ex) throws IOException {
		Throwable[] chain = this.causes.determineCauseChain(ex);
		OAuth2Error error = (this.causes.getFirstThrowableOfType(OAuth2AuthenticationException.class,
				chain) instanceof OAuth2AuthenticationException oauth2) ? oauth2.getError()
						: new OAuth2Error(OAuth2ErrorCodes.SERVER_ERROR);
		// what the upstream's redirect reported instead of a code (RFC 6749 §4.1.2.1); it
		// always carries the state, without which the request is no answer at all
		String reported = (request.getParameter("code") == null && request.getParameter("state") != null)
				? request.getParameter("error") : null;
		if (this.causes.getFirstThrowableOfType(DataAccessException.class,
				chain) instanceof DataAccessException store) {
			// this server's own store failed, not Deferno: answered as any request that
			// meets it (503 and Retry-After while Redis is out), not as Deferno's refusal
			audit(request, SignInEnding.OTHER, "store_unavailable");
			throw store;
		}
		if (ex.getCause() instanceof IllegalArgumentException) {
			// the only argument /oauth2/authorization/{id} takes is a registration id,
			// and there is one: no sign-in started, none is counted
			page(response, HttpStatus.NOT_FOUND, "There is no such sign-in",
					"This gateway signs people in through one Deferno only.", "Sign in");
			return;
		}
		String code = (reported != null) ? reported : error.getErrorCode();
		audit(request, answer(request, response, chain, error, reported), code);
	}

	/** The page for the failure; returns how the sign-in ended. */
	private SignInEnding answer(HttpServletRequest request, HttpServletResponse response, Throwable[] chain,
			OAuth2Error error, String reported) throws IOException {
		if (has(chain, InterruptedIOException.class)) {
			this.timedOut
				.warn("A sign-in's call upstream (Deferno or the identity provider) timed out: " + logged(chain));
			page(response, HttpStatus.GATEWAY_TIMEOUT, "Deferno is taking too long",
					"Deferno did not answer in time." + APPS_UNAFFECTED, "Retry sign-in");
			return SignInEnding.DEFERNO_UNAVAILABLE;
		}
		if (has(chain, HttpClientErrorException.TooManyRequests.class)) {
			this.busy.warn("Deferno asked a sign-in's call to wait (429): " + logged(chain));
			page(response, HttpStatus.SERVICE_UNAVAILABLE, "Deferno is busy right now",
					"Deferno is answering too many requests at the moment." + untilRetry(chain, response),
					"Retry sign-in");
			return SignInEnding.DEFERNO_UNAVAILABLE;
		}
		if (!has(chain, HttpClientErrorException.class)
				&& (has(chain, RestClientException.class) || has(chain, IOException.class))) {
			this.failed.warn("A sign-in's call upstream (Deferno or the identity provider) failed: " + logged(chain));
			page(response, HttpStatus.SERVICE_UNAVAILABLE, "Deferno cannot be reached right now",
					"Deferno did not answer, or failed on its side." + untilRetry(chain, response), "Retry sign-in");
			return SignInEnding.DEFERNO_UNAVAILABLE;
		}
		if (NO_SUCH_SIGN_IN.contains(error.getErrorCode())) {
			this.expired.warn("A sign-in's answer from Deferno matched no sign-in under way in its browser"
					+ " (the page says the link has expired)"
					+ ((request.getRequestedSessionId() != null) ? ""
							: ": it came without a session; if every sign-in ends so, people open the gateway at"
									+ " another address than AUTH_ISSUER (" + this.issuer + ")"));
			page(response, HttpStatus.BAD_REQUEST, "This sign-in link has expired",
					"The answer from Deferno does not match a sign-in under way in this browser (it was already "
							+ "used, or this browser started many since), or it is from another browser. Nothing was "
							+ "connected. Start again from your application. Signing in here continues a sign-in this "
							+ "browser started since, if there is one, and otherwise opens your connected apps.",
					"Sign in to the gateway");
			return SignInEnding.EXPIRED;
		}
		if (PendingSignIns.REPEATED.equals(error.getDescription())) {
			page(response, HttpStatus.BAD_REQUEST, "Sign-in did not finish",
					"The address the browser came back to from Deferno names its code or state more than once, which "
							+ "no sign-in's answer does. Nothing was connected.",
					"Start again");
			return SignInEnding.OTHER;
		}
		if ("access_denied".equals(reported)) {
			cancelled(request, response);
			return SignInEnding.CANCELLED;
		}
		if (reported != null) {
			// an error code is of RFC 6749's characters: anything else is not shown as
			// Deferno's words
			page(response, HttpStatus.BAD_GATEWAY, "Deferno could not sign you in",
					"Deferno reported: " + (ERROR_CODE.matcher(reported).matches() ? reported : "an error") + ".",
					"Try again");
			// RFC 6749 §4.1.2.1's two codes for a server that cannot answer now
			return UNAVAILABLE.contains(reported) ? SignInEnding.DEFERNO_UNAVAILABLE : SignInEnding.DEFERNO_REFUSED;
		}
		if (OAuth2ErrorCodes.INVALID_REQUEST.equals(error.getErrorCode())) {
			page(response, HttpStatus.BAD_REQUEST, "Sign-in did not finish",
					"The address the browser came back to from Deferno is incomplete: it lacks the sign-in's code or"
							+ " its state.",
					"Start again");
			return SignInEnding.OTHER;
		}
		if (OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE.equals(error.getErrorCode())) {
			// the identity provider's discovery failed, which logged why
			page(response, HttpStatus.SERVICE_UNAVAILABLE, "Signing in is unavailable right now",
					"The identity provider could not be used." + APPS_UNAFFECTED, "Retry sign-in");
			return SignInEnding.DEFERNO_UNAVAILABLE;
		}
		if (BAD_CODE.contains(error.getErrorCode())) {
			page(response, HttpStatus.BAD_REQUEST, "Deferno did not accept the sign-in", describe(error), "Try again");
			return SignInEnding.DEFERNO_REFUSED;
		}
		// not the person's doing: a wrong DEFERNO_BASE_URL (Deferno's 404), client or
		// shared secret, or a failing Deferno; nobody can sign in until it is fixed
		Throwable cause = chain[chain.length - 1];
		String code = PrintableText.of(error.getErrorCode(), 100);
		// Deferno's and the identity provider's few codes, bounded all the same
		RateLimitedWarning warning = (this.refused.size() < MAX_REFUSAL_KINDS || this.refused.containsKey(code))
				? this.refused.computeIfAbsent(code, (key) -> new RateLimitedWarning(logger, Clock.systemUTC()))
				: this.failed;
		warning.warn("Deferno refused a sign-in: " + code + " " + PrintableText
			.of((error.getDescription() != null) ? error.getDescription() : describedCause(cause), LOGGED_DESCRIPTION));
		page(response, HttpStatus.BAD_GATEWAY, "Deferno did not accept the sign-in", describe(error), "Try again");
		return SignInEnding.DEFERNO_REFUSED;
	}

	/**
	 * The sign-in's audit event (and so its count), naming the app being connected when
	 * it is known: the one whose sign-in the callback completed, or, at the start, the
	 * one the sign-in was started for.
	 * @param code the upstream's error code, or this server's, in the audit line alone
	 */
	private void audit(HttpServletRequest request, SignInEnding ending, String code) {
		RequestingClient client = PendingSignIns.completedBy(request);
		if (client.clientId() == null && !UpstreamSecurityConfig.CALLBACK_PATH.equals(request.getServletPath())) {
			try {
				client = this.starts.apply(request);
			}
			catch (RuntimeException ex) {
				// the store of waiting requests failed too: audited without the app
			}
		}
		this.events.publishEvent(ending.event(this.connector, null, client.clientId())
			.with("error", (ending != SignInEnding.CANCELLED && code != null && ERROR_CODE.matcher(code).matches())
					? code : null));
	}

	/**
	 * The cause's own words, without its class name: an upstream's refusal carries none
	 * when its answer was not Deferno's (a proxy's page).
	 */
	private static String describedCause(Throwable cause) {
		return (cause.getMessage() != null) ? cause.getMessage() : "its answer gave no reason";
	}

	/**
	 * What went wrong, for the operator: the failure and its cause, which name the call
	 * and the status or the connection's trouble.
	 */
	private static String logged(Throwable[] chain) {
		Throwable cause = chain[chain.length - 1];
		Throwable failure = Arrays.stream(chain)
			.filter((each) -> each instanceof RestClientException || each instanceof IOException)
			.findFirst()
			.orElse(cause);
		return PrintableText.of(failure.getMessage() + ((cause != failure) ? " (" + cause + ")" : ""),
				LOGGED_DESCRIPTION) + requestId(chain);
	}

	/**
	 * Deferno's {@code X-Request-Id} for its answer, as the resource server's warnings
	 * name it: what Deferno's operators find the request by.
	 */
	private static String requestId(Throwable[] chain) {
		return answerHeaders(chain).map((headers) -> headers.getFirst(REQUEST_ID))
			.map((id) -> " (" + REQUEST_ID + " " + PrintableText.of(id, 100) + ")")
			.orElse("");
	}

	/** The headers of the first upstream answer in the chain. */
	private static Optional<HttpHeaders> answerHeaders(Throwable[] chain) {
		return Arrays.stream(chain)
			.filter(RestClientResponseException.class::isInstance)
			.map((answer) -> ((RestClientResponseException) answer).getResponseHeaders())
			.filter(Objects::nonNull)
			.findFirst();
	}

	/**
	 * The pause Deferno's answer asked for ({@code Retry-After}), passed on to the
	 * browser and said on the page; without one, a moment.
	 */
	private static String untilRetry(Throwable[] chain, HttpServletResponse response) {
		Duration wait = answerHeaders(chain).map((headers) -> RetryAfter.of(headers.getFirst(RetryAfter.HEADER)))
			.orElse(null);
		if (wait == null || wait.compareTo(LONGEST_WAIT_SHOWN) > 0) {
			return APPS_UNAFFECTED;
		}
		long seconds = WaitSeconds.of(wait);
		response.setHeader(RetryAfter.HEADER, Long.toString(seconds));
		return " Your apps are not affected; please try again in " + seconds
				+ ((seconds == 1) ? " second." : " seconds.");
	}

	private void cancelled(HttpServletRequest request, HttpServletResponse response) throws IOException {
		RequestingClient requesting = PendingSignIns.completedBy(request);
		// access_denied (RFC 6749 §4.1.2.1, iss per RFC 9207) only at a redirect URI
		// registered for the client that asked: nowhere else is safe to send it
		Optional<String> back = RedirectUris.accessDenied(this.clients, requesting.clientId(), requesting.redirectUri(),
				requesting.state(), this.issuer, "The user declined to sign in at Deferno");
		back.ifPresent((uri) -> PendingSignIns.forgetSavedRequest(request, response, requesting.authorizeUrl()));
		if (back.isPresent() && RedirectUris.isLoopbackRedirect(back.get())) {
			response.sendRedirect(back.get());
			return;
		}
		// Deferno's page did not show where the person would be sent: anywhere but this
		// computer, going there on its own would make this an open redirector (RFC 9700
		// §4.11.2)
		Map<String, Object> model = new HashMap<>(Map.of("title", "Sign-in cancelled", "message",
				"You cancelled signing in to Deferno, so no app was connected.", "action", "Sign in again"));
		back.ifPresent((uri) -> model.putAll(Map.of("returnTo", uri, "returnToHost", RedirectUris.displayHost(uri))));
		HtmlPages.render(this.templates, response, HttpStatus.FORBIDDEN.value(), "upstream/problem", model);
	}

	private void page(HttpServletResponse response, HttpStatus status, String title, String message, String action)
			throws IOException {
		HtmlPages.render(this.templates, response, status.value(), "upstream/problem",
				Map.of("title", title, "message", message, "action", action));
	}

	private static String describe(OAuth2Error error) {
		String description = OWN_DESCRIPTIONS.getOrDefault(error.getErrorCode(), error.getDescription());
		return ((description != null) ? description : "It answered " + error.getErrorCode()) + ".";
	}

	private boolean has(Throwable[] chain, Class<? extends Throwable> type) {
		return this.causes.getFirstThrowableOfType(type, chain) != null;
	}

}
