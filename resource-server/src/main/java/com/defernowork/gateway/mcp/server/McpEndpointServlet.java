package com.defernowork.gateway.mcp.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.modelcontextprotocol.modern.server.transport.HttpServletMcpTransport;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import com.defernowork.gateway.mcp.http.CachedBodyRequest;
import com.defernowork.gateway.mcp.http.PendingRefusal;
import com.defernowork.gateway.mcp.security.ReauthenticationSignal;
import com.defernowork.gateway.mcp.text.Quotes;
import com.defernowork.gateway.mcp.trace.MetaTraceScope;
import com.defernowork.gateway.web.trace.TraceIdHeader;
import com.defernowork.gateway.mcp.trace.TraceContext;

import org.springframework.security.web.firewall.RequestRejectedException;

/**
 * {@code /mcp} for both protocol eras at once, as MCP 2026-07-28 allows: a request whose
 * {@code MCP-Protocol-Version} header (or, without one, its {@code _meta} protocol
 * version) is 2026-07-28 goes to the SDK's modern transport and server;
 * {@code initialize} and every 2025-era request go to the stateless 2025-11-25 server. A
 * version this server does not speak is refused here for both (400, -32022). A JSON-RPC
 * batch, which only 2025-03-26 has, is served by the stateless server message by message.
 * {@link McpRequestGate} has checked method, size and media types before.
 */
final class McpEndpointServlet extends HttpServlet {

	private static final Logger logger = LoggerFactory.getLogger(McpEndpointServlet.class);

	static final int MAX_ID_LENGTH = 256;

	/**
	 * The messages of a batch are served in turn on the request's thread, which a batch
	 * holds for as long as all of its calls take.
	 */
	static final int MAX_BATCH = 10;

	private static final String REQUEST_ID = McpEndpointServlet.class.getName() + ".id";

	private static final String TAKES_NO_RESPONSES = "This server sends no requests, so it takes no responses";

	private static final String VERSIONS_DISAGREE = "MCP-Protocol-Version header does not match _meta protocol version";

	/** The SDK's words for a repeated Mcp-Method or Mcp-Name, for the version header. */
	private static final String VERSION_REPEATED = "MCP-Protocol-Version header has more than one value";

	private final transient HttpServletMcpTransport modern;

	private final transient LegacyMcpTransport legacy;

	private final transient JsonBody bodies;

	private final transient MetaTraceScope traces;

	private final transient ListenWithoutNotifications listen;

	McpEndpointServlet(HttpServletMcpTransport modern, LegacyMcpTransport legacy, JsonMapper jsonMapper,
			MetaTraceScope traces, ListenWithoutNotifications listen) {
		this.traces = traces;
		this.listen = listen;
		this.modern = modern;
		this.legacy = legacy;
		this.bodies = new JsonBody(jsonMapper);
	}

	@Override
	public void init() throws ServletException {
		this.modern.init(getServletConfig());
	}

	@Override
	protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
		try {
			serve(request, response);
		}
		catch (RequestRejectedException ex) {
			// a header value the firewall refuses as it is read, by the SDK or here
			if (!response.isCommitted()) {
				response.resetBuffer();
				JsonRpcErrors.write(response, HttpServletResponse.SC_BAD_REQUEST,
						(request.getAttribute(REQUEST_ID) instanceof JsonNode id) ? id : null,
						JsonRpcErrors.HEADER_MISMATCH,
						"A header of this request holds characters a header may not hold");
			}
		}
		catch (RuntimeException ex) {
			// a bug, not the client's doing: the log gets the detail, the client a
			// JSON-RPC internal error
			logger.error("Serving an MCP request failed", ex);
			if (!response.isCommitted()) {
				response.resetBuffer();
				// with the request's id once it was read: a client finds the request an
				// answer is for by it, and would otherwise wait until its own timeout
				JsonRpcErrors.write(response, HttpServletResponse.SC_OK,
						(request.getAttribute(REQUEST_ID) instanceof JsonNode id) ? id : null,
						JsonRpcErrors.INTERNAL_ERROR, "Internal error");
			}
		}
	}

	private void serve(HttpServletRequest request, HttpServletResponse response) throws IOException {
		if (!"POST".equals(request.getMethod())) {
			response.setHeader("Allow", "POST");
			JsonRpcErrors.write(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, null,
					JsonRpcErrors.INVALID_REQUEST, "This endpoint accepts POST only");
			return;
		}
		CachedBodyRequest cached = CachedBodyRequest.of(request);
		JsonBody.Parsed parsed = this.bodies.parse(cached.body());
		if (parsed.value() == null) {
			JsonRpcErrors.write(response, HttpServletResponse.SC_BAD_REQUEST, null, JsonRpcErrors.PARSE_ERROR,
					parsed.problem());
			return;
		}
		JsonNode message = parsed.value();
		List<String> versions = ProtocolVersions.headerValues(request);
		String version = versions.isEmpty() ? null : versions.getFirst();
		if (message.isArray()) {
			serveBatch(message, versions, request, response);
			return;
		}
		ObjectNode refusal = envelopeProblem(message);
		if (refusal != null) {
			// both eras: the 2026-07-28 SDK's own answer to these has no id
			JsonRpcErrors.write(response, HttpServletResponse.SC_BAD_REQUEST, refusal);
			return;
		}
		JsonNode id = JsonRpcErrors.idOf(message);
		request.setAttribute(REQUEST_ID, id);
		String method = message.get("method").stringValue();
		if (versions.size() > 1) {
			// the header picks the era: no value of several may win by its place
			JsonRpcErrors.write(response, HttpServletResponse.SC_BAD_REQUEST, id, JsonRpcErrors.HEADER_MISMATCH,
					VERSION_REPEATED);
			return;
		}
		if (version != null && !ProtocolVersions.ALL.contains(version)) {
			refuseVersion(response, id, version);
			return;
		}
		JsonNode meta = message.path("params").path("_meta");
		JsonNode metaVersion = meta.path(ProtocolVersions.META_KEY);
		if (!metaVersion.isMissingNode() && !metaVersion.isString()) {
			JsonRpcErrors.write(response, HttpServletResponse.SC_BAD_REQUEST, metaVersionNotAString(id));
			return;
		}
		if (version == null && !"initialize".equals(method) && metaVersion.isString()
				&& !ProtocolVersions.ALL.contains(metaVersion.stringValue())) {
			// sending the headers would not help: the version itself is not spoken here
			// (an initialize selects the legacy era, which negotiates in its params)
			refuseVersion(response, id, metaVersion.stringValue());
			return;
		}
		if (version != null && metaVersion.isString() && !version.equals(metaVersion.stringValue())) {
			JsonRpcErrors.write(response, HttpServletResponse.SC_BAD_REQUEST, id, JsonRpcErrors.HEADER_MISMATCH,
					VERSIONS_DISAGREE);
			return;
		}
		boolean modernEra = isModern(method, metaVersion, version);
		if (modernEra) {
			// unreadable first: the firewall refuses such a value as the SDK reads it,
			// which it would answer -32603
			Optional<String> mismatch = unreadableHeader(request, RoutingHeaders.MCP_METHOD, RoutingHeaders.MCP_NAME)
				.or(() -> message.has("id") ? RoutingHeaders.requestProblem(request, method, message.path("params"))
						: RoutingHeaders.notificationProblem(request, method));
			if (mismatch.isPresent()) {
				JsonRpcErrors.write(response, HttpServletResponse.SC_BAD_REQUEST, id, JsonRpcErrors.HEADER_MISMATCH,
						mismatch.get());
				return;
			}
		}
		if (message.has("id") && (method.length() > Quotes.SHORT || !Quotes.isWellFormed(method)
				|| modernEra && "initialize".equals(method))) {
			// no method is this long or holds a lone surrogate, and the SDKs would quote
			// it whole, as it is (a notification gets no answer either way); a
			// 2026-07-28 initialize is a removed method,
			// which the SDK, modern only, answered without _meta with -32022 for its
			// params.protocolVersion, a version this server speaks
			JsonRpcErrors.write(response, modernEra ? HttpServletResponse.SC_NOT_FOUND : HttpServletResponse.SC_OK,
					methodNotFound(id, method));
			return;
		}
		if (modernEra) {
			// the SDK would say "required" of a _meta that is there in another type
			Optional<String> problem = (!meta.isMissingNode() && !meta.isObject())
					? Optional.of("params._meta must be an object")
					// what every request carries: the schema asks no _meta of a
					// notification
					: (message.has("id") ? RequiredMeta.problem(message) : Optional.<String>empty())
						.or(() -> LegacyRequests.logLevelProblem(meta))
						.or(() -> message.path("params").isObject()
								? this.legacy.requests().sharedProblem(method, message.get("params"))
								: Optional.empty());
			if (problem.isPresent()) {
				JsonRpcErrors.write(response, HttpServletResponse.SC_BAD_REQUEST, id, JsonRpcErrors.INVALID_PARAMS,
						problem.get());
				return;
			}
		}
		if (PendingRefusal.give(request, response)) {
			return;
		}
		if (modernEra && id != null && ListenWithoutNotifications.METHOD.equals(method)) {
			Optional<String> problem = ListenWithoutNotifications.problem(message.path("params"));
			if (problem.isPresent()) {
				JsonRpcErrors.write(response, HttpServletResponse.SC_BAD_REQUEST, id, JsonRpcErrors.INVALID_PARAMS,
						problem.get());
				return;
			}
			this.listen.answer(id, response);
			return;
		}
		Optional<TraceContext> trace = traceOf(meta);
		this.traces.runWith(trace, () -> {
			// the trace the tool's log lines, its audit line and its calls carry from
			// here
			trace.ifPresent((context) -> TraceIdHeader.name(request, response, context.traceId()));
			if (modernEra) {
				SlowAnswer slow = SlowAnswer.of(request);
				if (slow != null && id != null) {
					// a closed stream cancels a 2026-07-28 request; before, it did not
					slow.arm(id);
				}
				try {
					this.modern.service(new OneValueHeaders(cached, version), response);
				}
				catch (ServletException ex) {
					throw new IOException(ex);
				}
			}
			else {
				this.legacy.handle(message, response);
			}
		});
	}

	/**
	 * A JSON-RPC batch, which MCP 2025-03-26 servers must take (later revisions removed
	 * batches): each request answered in turn as that revision's, the answers together in
	 * one array, in order; notifications get none, and a batch of them only gets 202.
	 */
	private void serveBatch(JsonNode batch, List<String> versions, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		if (versions.size() > 1) {
			JsonRpcErrors.write(response, HttpServletResponse.SC_BAD_REQUEST, null, JsonRpcErrors.HEADER_MISMATCH,
					VERSION_REPEATED);
			return;
		}
		String version = versions.isEmpty() ? null : versions.getFirst();
		if (version != null && !ProtocolVersions.ALL.contains(version)) {
			refuseVersion(response, null, version);
			return;
		}
		String refused = batchRefusal(batch, version);
		if (refused != null) {
			JsonRpcErrors.write(response, HttpServletResponse.SC_BAD_REQUEST, null, JsonRpcErrors.INVALID_REQUEST,
					refused);
			return;
		}
		if (PendingRefusal.give(request, response)) {
			return;
		}
		List<Object> answers = new ArrayList<>();
		int callsBeforeSignInEnded = 0;
		for (JsonNode message : batch) {
			boolean signInEnded = ReauthenticationSignal.raised(request) != null;
			Object answer = (signInEnded && needsSignIn(message)) ? notRun(message)
					: answerInBatch(message, version != null);
			if (answer != null) {
				answers.add(answer);
			}
			if (!signInEnded && ReauthenticationSignal.raised(request) == null && isToolCall(message)) {
				callsBeforeSignInEnded++;
			}
		}
		if (ReauthenticationSignal.raised(request) != null && callsBeforeSignInEnded > 0) {
			// the tool calls before may have changed something: a 401 in place of their
			// answers would have the client send them again
			ReauthenticationSignal.withdraw(request);
		}
		if (answers.isEmpty()) {
			response.setStatus(HttpServletResponse.SC_ACCEPTED);
			return;
		}
		this.legacy.write(response, answers);
	}

	/**
	 * The answer to one message of a batch, or {@code null}: a notification gets none,
	 * even a wrong one, and neither does a response (this server asked nothing).
	 */
	private Object answerInBatch(JsonNode message, boolean versionHeader) throws IOException {
		if (isResponse(message)) {
			return null;
		}
		ObjectNode refusal = envelopeProblem(message);
		if (refusal != null) {
			return refusal;
		}
		if (!message.has("id")) {
			return null;
		}
		JsonNode id = JsonRpcErrors.idOf(message);
		String method = message.get("method").stringValue();
		JsonNode meta = message.path("params").path("_meta");
		JsonNode metaVersion = meta.path(ProtocolVersions.META_KEY);
		if (!metaVersion.isMissingNode() && !metaVersion.isString()) {
			return metaVersionNotAString(id);
		}
		if (metaVersion.isString() && !ProtocolVersions.BATCHES.equals(metaVersion.stringValue())) {
			return versionHeader ? JsonRpcErrors.error(id, JsonRpcErrors.HEADER_MISMATCH, VERSIONS_DISAGREE, null)
					: JsonRpcErrors.error(id, JsonRpcErrors.INVALID_REQUEST,
							notInBatches(JsonRpcErrors.quote(metaVersion.stringValue())), null);
		}
		if ("initialize".equals(method)) {
			return JsonRpcErrors.error(id, JsonRpcErrors.INVALID_REQUEST, "initialize must not be part of a batch",
					null);
		}
		if (method.length() > Quotes.SHORT || !Quotes.isWellFormed(method)) {
			return methodNotFound(id, method);
		}
		Object[] answer = new Object[1];
		this.traces.runWith(traceOf(meta), () -> answer[0] = answerOrInternalError(message, id));
		return answer[0];
	}

	/**
	 * The answer to a request of a batch that reaches Deferno, after the sign-in behind
	 * it ended at an earlier one: not run, so that nothing more is applied that the
	 * client cannot know of.
	 */
	private static Object notRun(JsonNode message) {
		return message.has("id") ? JsonRpcErrors.error(JsonRpcErrors.idOf(message), JsonRpcErrors.INTERNAL_ERROR,
				"Not run: the sign-in behind this token ended at an earlier message of this batch; sign in again,"
						+ " then send this message again",
				null) : null;
	}

	/** A tool call or resource read: what reaches Deferno with the person's sign-in. */
	private static boolean needsSignIn(JsonNode message) {
		return isToolCall(message) || "resources/read".equals(message.path("method").asString(""));
	}

	private static boolean isToolCall(JsonNode message) {
		return message.isObject() && "tools/call".equals(message.path("method").asString(""));
	}

	/** One message's bug stays in its own answer; the batch's others keep theirs. */
	private Object answerOrInternalError(JsonNode message, JsonNode id) {
		try {
			return this.legacy.answer(message);
		}
		catch (RuntimeException ex) {
			logger.error("Serving a message of an MCP batch failed", ex);
			return JsonRpcErrors.error(id, JsonRpcErrors.INTERNAL_ERROR, "Internal error", null);
		}
	}

	/** Why the batch as a whole is refused, or {@code null}. */
	private static String batchRefusal(JsonNode batch, String version) {
		if (version != null && !ProtocolVersions.BATCHES.equals(version)) {
			return notInBatches(version);
		}
		if (batch.isEmpty()) {
			return "An empty batch has nothing to answer";
		}
		if (batch.size() > MAX_BATCH) {
			return "A batch holds at most " + MAX_BATCH + " messages";
		}
		// answers are matched to requests by id (JSON-RPC 2.0 §6), compared as JSON
		// values: 1 and "1" are two ids
		Set<JsonNode> ids = new HashSet<>();
		boolean onlyResponses = true;
		for (JsonNode message : batch) {
			if (isResponse(message)) {
				continue;
			}
			onlyResponses = false;
			JsonNode id = message.has("method") ? JsonRpcErrors.idOf(message) : null;
			if (id != null && !ids.add(id)) {
				return "id " + JsonRpcErrors.quote(id.toString())
						+ " is used by more than one request of this batch: give each request its own";
			}
		}
		return onlyResponses ? TAKES_NO_RESPONSES : null;
	}

	private static boolean isResponse(JsonNode message) {
		return message.isObject() && !message.has("method") && (message.has("result") || message.has("error"));
	}

	private static ObjectNode metaVersionNotAString(JsonNode id) {
		return JsonRpcErrors.error(id, JsonRpcErrors.INVALID_PARAMS,
				"_meta " + ProtocolVersions.META_KEY + " must be a string", null);
	}

	private static ObjectNode methodNotFound(JsonNode id, String method) {
		return JsonRpcErrors.error(id, JsonRpcErrors.METHOD_NOT_FOUND,
				"Method not found: " + JsonRpcErrors.quote(method), null);
	}

	private static Optional<TraceContext> traceOf(JsonNode meta) {
		return TraceContext.of(text(meta, TraceContext.TRACEPARENT), text(meta, TraceContext.TRACESTATE));
	}

	private static String notInBatches(String version) {
		return "Batches are not part of MCP " + version + ": send one JSON-RPC message per request";
	}

	/**
	 * The error for a message that is no JSON-RPC request or notification this server
	 * takes, or {@code null}.
	 */
	private static ObjectNode envelopeProblem(JsonNode message) {
		JsonNode rawId = message.path("id");
		if (rawId.isString() && LegacyRequests.characters(rawId.stringValue()) > MAX_ID_LENGTH) {
			// echoing it would let one request make every answer as large as the body
			// allows
			return JsonRpcErrors.error(null, JsonRpcErrors.INVALID_REQUEST,
					"id must be at most " + MAX_ID_LENGTH + " characters", null);
		}
		if (rawId.isString() && !StandardCharsets.UTF_8.newEncoder().canEncode(rawId.stringValue())) {
			// a lone surrogate: the 2026-07-28 SDK writes it as '?', an id the client
			// never sent
			return JsonRpcErrors.error(null, JsonRpcErrors.INVALID_REQUEST,
					"id must be Unicode text (it has a lone UTF-16 surrogate)", null);
		}
		String invalid = invalidMessage(message);
		if (invalid == null) {
			return null;
		}
		logger.debug("Refused a JSON-RPC message: {}", invalid);
		// the transport's error to a response has no id: that id is the client's own
		// request's, not one sent to this server
		JsonNode id = isResponse(message) ? null : JsonRpcErrors.idOf(message);
		return JsonRpcErrors.error(id, JsonRpcErrors.INVALID_REQUEST, invalid, null);
	}

	/**
	 * Why the message is not a JSON-RPC request or notification this server takes, or
	 * {@code null}.
	 */
	private static String invalidMessage(JsonNode message) {
		if (!message.isObject()) {
			return "A JSON-RPC message must be an object";
		}
		if (!message.path("jsonrpc").isString() || !"2.0".equals(message.get("jsonrpc").stringValue())) {
			return "jsonrpc must be \"2.0\"";
		}
		if (!message.path("method").isString()) {
			return (message.has("result") || message.has("error")) ? TAKES_NO_RESPONSES : "method must be a string";
		}
		if (message.has("result") || message.has("error")) {
			return "A request or notification has no result or error";
		}
		if (message.has("id") && JsonRpcErrors.idOf(message) == null) {
			return "id must be a string or an integer of at most 64 bits";
		}
		JsonNode params = message.get("params");
		if (params != null && !params.isContainer()) {
			// JSON-RPC 2.0 §4.2: params, when present, is an object or an array
			return "params must be an object or an array when present";
		}
		return null;
	}

	/**
	 * Spring Security's firewall refuses, as it is read, a header value with a control
	 * character, which raw UTF-8 has (an emoji's bytes read as ISO-8859-1): MCP
	 * 2026-07-28 answers invalid characters in its headers with -32020.
	 */
	private static Optional<String> unreadableHeader(HttpServletRequest request, String... names) {
		for (String name : names) {
			try {
				Collections.list(request.getHeaders(name));
			}
			catch (RequestRejectedException ex) {
				return Optional.of(name + " header holds characters a header may not hold: a value beyond printable "
						+ "ASCII is sent Base64-encoded, as =?base64?...?=");
			}
		}
		return Optional.empty();
	}

	private static boolean isModern(String method, JsonNode metaVersion, String headerVersion) {
		if (headerVersion != null) {
			// a 2026-07-28 initialize is a removed method (404), not a handshake
			return ProtocolVersions.MODERN.equals(headerVersion);
		}
		// "An initialize request selects legacy semantics"
		if ("initialize".equals(method)) {
			return false;
		}
		// a modern client that forgot the header learns it from the modern side (-32020
		// or -32022)
		return metaVersion.isString() && !ProtocolVersions.LEGACY.contains(metaVersion.stringValue());
	}

	private static String text(JsonNode meta, String field) {
		JsonNode value = meta.path(field);
		return value.isString() ? value.stringValue() : null;
	}

	private static void refuseVersion(HttpServletResponse response, JsonNode id, String requested) throws IOException {
		ObjectNode data = JsonNodeFactory.instance.objectNode();
		ProtocolVersions.ALL.forEach(data.putArray("supported")::add);
		data.put("requested", JsonRpcErrors.quote(requested));
		JsonRpcErrors.write(response, HttpServletResponse.SC_BAD_REQUEST, JsonRpcErrors.error(id,
				JsonRpcErrors.UNSUPPORTED_PROTOCOL_VERSION, "Unsupported protocol version", data));
	}

}
