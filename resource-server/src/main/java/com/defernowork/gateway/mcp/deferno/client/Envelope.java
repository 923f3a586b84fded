package com.defernowork.gateway.mcp.deferno.client;

import java.util.Set;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.NullNode;

import org.springframework.http.HttpStatus;

/**
 * Unwraps Deferno's {@code {version, data, error}} envelope (versions 0.1 and 0.2) in the
 * order Deferno's own client checks it: version, then error, then data. Real error
 * answers may omit {@code data}; extra keys are ignored.
 */
final class Envelope {

	static final Set<String> SUPPORTED_VERSIONS = Set.of("0.1", "0.2");

	private static final int MAX_ERROR_TEXT = 500;

	private final JsonMapper jsonMapper;

	Envelope(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	/**
	 * The {@code data} of a successful answer ({@link NullNode} for none), else a
	 * {@link DefernoApiException}.
	 */
	JsonNode unwrap(int status, String reason, String body) {
		boolean ok = status >= 200 && status < 300;
		// HTTP/1.1 servers often send no reason phrase: the standard one for the status
		HttpStatus known = HttpStatus.resolve(status);
		String fallback = (reason != null && !reason.isBlank()) ? reason
				: (known != null) ? known.getReasonPhrase() : "error";
		if (status == 204 || body == null || body.isEmpty()) {
			if (ok) {
				return NullNode.getInstance();
			}
			throw new DefernoApiException(status, null, fallback);
		}
		JsonNode json;
		try {
			json = this.jsonMapper.readTree(body);
		}
		catch (JacksonException ex) {
			// an HTML error page or a proxy's text: never echoed, the status says what is
			// known
			throw new DefernoApiException(status, null,
					ok ? "Deferno answered with something that is not JSON" : fallback);
		}
		if (json == null || !json.isObject() || !json.has("version")) {
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
			String message = text(error.get("message"));
			throw DefernoApiException.enveloped(status, bounded(text(error.get("code"))),
					(message != null) ? bounded(message) : fallback);
		}
		if (!ok) {
			throw DefernoApiException.enveloped(status, null, fallback);
		}
		JsonNode data = json.get("data");
		return (data != null) ? data : NullNode.getInstance();
	}

	/** Deferno's own words, but never a page of them. */
	private static String bounded(String text) {
		return (text != null && text.length() > MAX_ERROR_TEXT) ? text.substring(0, MAX_ERROR_TEXT) + "…" : text;
	}

	private static String text(JsonNode node) {
		if (node == null || node.isNull()) {
			return null;
		}
		return node.isString() ? node.stringValue() : node.toString();
	}

}
