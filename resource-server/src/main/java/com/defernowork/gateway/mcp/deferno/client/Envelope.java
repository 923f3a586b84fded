package com.defernowork.gateway.mcp.deferno.client;

import java.util.Set;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.NullNode;

import com.defernowork.gateway.mcp.http.ByteBudget;
import com.defernowork.gateway.mcp.text.Quotes;

import org.springframework.http.HttpStatus;

/**
 * Unwraps Deferno's {@code {version, data, error}} envelope (versions 0.1 and 0.2) in the
 * order Deferno's own client checks it: version, then error, then data. Real error
 * answers may omit {@code data}; extra keys are ignored. An error answer outside the
 * envelope keeps its status; a server failure's own words stay in the log. A server
 * failure (5xx but 501) answering a write leaves its outcome unknown: nothing in
 * Deferno's contract says it failed before changing anything, and a proxy's 502/503/504
 * may come after Deferno applied it.
 */
final class Envelope {

	static final Set<String> SUPPORTED_VERSIONS = Set.of("0.1", "0.2");

	private static final int MAX_ERROR_TEXT = 500;

	/** A request id safe to quote back: no spaces, markup or line breaks. */
	private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:/+=-]{1,100}");

	private final JsonMapper jsonMapper;

	Envelope(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	/**
	 * The {@code data} of a successful answer ({@link NullNode} for none), else a
	 * {@link DefernoApiException}.
	 * @param requestId the answer's {@code X-Request-Id}, named in a server failure's
	 * message; may be {@code null}
	 * @param write whether the request asked for a change (anything but GET)
	 */
	JsonNode unwrap(int status, ByteBudget.Read body, String requestId, boolean write) {
		boolean ok = status >= 200 && status < 300;
		if (status >= 300 && status < 400) {
			// never followed: the bearer token would go wherever it points
			throw new DefernoApiException(502, null, "Deferno answered with a redirect (HTTP " + status
					+ "), which this gateway does not follow: its DEFERNO_BASE_URL may name the wrong address (http "
					+ "where Deferno wants https?), which the gateway's operator can correct"
					+ (write ? UnknownOutcome.ADVICE : "; try again later"));
		}
		// the standard reason phrase, never the server's own: HTTP/1.1 servers often send
		// none, and a proxy's may name hosts behind it
		HttpStatus known = HttpStatus.resolve(status);
		String fallback = (known != null) ? known.getReasonPhrase() : "error";
		if (status == 204 || body.length() == 0) {
			if (ok) {
				return NullNode.getInstance();
			}
			throw new DefernoApiException(status, null, outcome(status, fallback, write, requestId));
		}
		JsonNode json;
		try {
			// parsed from its bytes: never copied into text first
			json = this.jsonMapper.readTree(body.stream());
		}
		catch (JacksonException ex) {
			// an HTML error page or a proxy's text: never echoed, the status says what is
			// known
			if (ok && write) {
				// a success status says the change was made; only its answer is lost
				throw new DefernoApiException(502, null, "Deferno applied the change (HTTP " + status
						+ "), but its answer was not JSON, so it is not shown: read the item back to see it");
			}
			if (ok) {
				throw new DefernoApiException(502, null, "Deferno's answer (HTTP " + status + ") was not JSON, so it "
						+ "cannot be read; try again later");
			}
			throw new DefernoApiException(status, null, outcome(status, fallback, write, requestId));
		}
		if (json == null || !json.isObject() || !json.has("version")) {
			if (!ok) {
				// a router's or proxy's own error ({"detail":"Not Found"}): its status is
				// what it means
				throw new DefernoApiException(status, null, outcome(status, fallback, write, requestId));
			}
			throw new DefernoApiException(502, null, "Deferno's answer is not in its API envelope (no 'version')");
		}
		String version = json.get("version").isString() ? json.get("version").stringValue()
				: json.get("version").toString();
		if (!SUPPORTED_VERSIONS.contains(version)) {
			throw new DefernoApiException(502, null,
					"unsupported API version: '" + bounded(version) + "' (this client supports 0.1, 0.2)");
		}
		JsonNode error = json.get("error");
		if (error != null && !error.isNull()) {
			String code = bounded(text(error.get("code")));
			String message = text(error.get("message"));
			if (failedOnItsSide(status)) {
				throw DefernoApiException.enveloped(status, code, serverFailure(requestId(requestId, error), write));
			}
			throw DefernoApiException.enveloped(status, code, (message != null) ? bounded(message) : fallback);
		}
		if (!ok) {
			throw DefernoApiException.enveloped(status, null, outcome(status, fallback, write, requestId));
		}
		JsonNode data = json.get("data");
		return (data != null) ? data : NullNode.getInstance();
	}

	/**
	 * Whether the answer is an error in Deferno's envelope: its own words, no proxy's.
	 */
	boolean isError(ByteBudget.Read body) {
		JsonNode json = object(body);
		return json != null && json.has("version") && json.path("error").isObject();
	}

	/**
	 * A 5xx is Deferno's own failure, whose words may name its insides (hosts, queries);
	 * 501 answers what was asked (not supported) and keeps them.
	 */
	static boolean failedOnItsSide(int status) {
		return status >= 500 && status != 501;
	}

	/**
	 * The status's words, and for a failure on Deferno's side (often a proxy's or load
	 * balancer's page) its request id and what to do, as for one in Deferno's envelope.
	 */
	private static String outcome(int status, String words, boolean write, String requestId) {
		if (!failedOnItsSide(status)) {
			return words;
		}
		String id = (quotable(requestId) != null) ? " (request id " + requestId + ")" : "";
		return words + id + (write ? UnknownOutcome.ADVICE : "; try again later");
	}

	/**
	 * Deferno's own words for a failure on its side, for the operator's log only
	 * ({@code  [internal]: database unavailable}); empty when it gave none in its
	 * envelope. They may name its insides, so an agent never reads them.
	 */
	String failureWords(ByteBudget.Read body) {
		JsonNode json = object(body);
		JsonNode error = (json != null) ? json.path("error") : null;
		if (error == null || !error.isObject()) {
			return "";
		}
		String code = text(error.get("code"));
		String message = text(error.get("message"));
		// Deferno's words may hold line breaks that would forge log lines
		return ((code != null) ? " [" + oneLine(bounded(code)) + "]" : "")
				+ ((message != null) ? ": " + oneLine(bounded(message)) : "");
	}

	/** The answer as a JSON object; null when it is empty, not JSON or not an object. */
	private JsonNode object(ByteBudget.Read body) {
		if (body.length() == 0) {
			return null;
		}
		try {
			JsonNode json = this.jsonMapper.readTree(body.stream());
			return (json != null && json.isObject()) ? json : null;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	private static String serverFailure(String requestId, boolean write) {
		return "Deferno failed while handling the request"
				+ ((requestId != null) ? " (request id " + requestId + ")" : "")
				+ (write ? UnknownOutcome.ADVICE + "; if" : "; try again later, and if")
				+ " it keeps failing report it to Deferno" + ((requestId != null) ? " with the request id" : "");
	}

	/** The header's id when it is one safe to quote, else the body's. */
	private static String requestId(String header, JsonNode error) {
		return (quotable(header) != null) ? header : quotable(text(error.get("request_id")));
	}

	/** The id when it is one safe to quote back, else {@code null}. */
	private static String quotable(String id) {
		return (id != null && REQUEST_ID.matcher(id).matches()) ? id : null;
	}

	private static String oneLine(String text) {
		return (text != null) ? text.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n") : null;
	}

	/**
	 * Deferno's own words, but never a page of them; cut between two characters, never
	 * inside a surrogate pair.
	 */
	private static String bounded(String text) {
		return (text != null) ? Quotes.atMost(text, MAX_ERROR_TEXT + 1) : null;
	}

	private static String text(JsonNode node) {
		if (node == null || node.isNull()) {
			return null;
		}
		return node.isString() ? node.stringValue() : node.toString();
	}

}
