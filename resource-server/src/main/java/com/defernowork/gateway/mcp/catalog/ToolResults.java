package com.defernowork.gateway.mcp.catalog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Content;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.defernowork.gateway.mcp.deferno.client.CallDeadline;
import com.defernowork.gateway.mcp.deferno.client.DefernoApiException;
import com.defernowork.gateway.mcp.deferno.client.DefernoTokenUnavailableException;
import com.defernowork.gateway.mcp.deferno.client.HeldAnswers;
import com.defernowork.gateway.mcp.deferno.client.UnknownRoute;
import com.defernowork.gateway.mcp.deferno.refs.UnroutableRefException;
import com.defernowork.gateway.mcp.security.CallingPerson;
import com.defernowork.gateway.mcp.text.Quotes;
import com.defernowork.gateway.web.http.WaitSeconds;

/**
 * Turns what a tool handler returns or throws into a tool result: compact JSON text (plus
 * {@code structuredContent} for an object, or {@code {"result": [...]}} for a list, since
 * structured content must be an object before MCP 2026-07-28, whose results carry the
 * list itself), or {@code isError=true} with a message an agent can act on. Never a
 * JSON-RPC error, never a stack trace.
 */
public final class ToolResults {

	private static final Logger logger = LoggerFactory.getLogger(ToolResults.class);

	/** The key of Boot's log pattern, which Micrometer's log correlation sets. */
	private static final String TRACE_ID = "traceId";

	/**
	 * The longest JSON text one tool result holds (512 KB): MCP clients cut what a tool
	 * gives an agent far below it (Claude Code at about 25,000 tokens), and a result is
	 * held several times over (its tree, its text, its structured content, the reply) on
	 * a heap of some 80 MB. A longer list keeps its leading rows and says so; a longer
	 * object is an error saying how to ask for less.
	 */
	public static final int MAX_RESULT_CHARS = 512 * 1024;

	private static final Runnable NOT_COUNTED = () -> {
	};

	/** The longest a call waits for its turn without a time budget of its own. */
	private static final Duration LONGEST_TURN_WAIT = Duration.ofSeconds(60);

	private static final String INVALID_ARGUMENTS = "invalid_arguments";

	private static final int TOO_MANY_REQUESTS = 429;

	/**
	 * The reasons of an error result the caller can mend: its arguments, its limits,
	 * nothing to show for what it asked, its sign-in, its own cancel, asking for more
	 * than one result holds.
	 */
	private static final Set<String> CALLERS_REASONS = Set.of(INVALID_ARGUMENTS, "too_many_calls", "rate_limited",
			"no_data", "sign_in_needed", DefernoApiException.CANCELLED, "result_too_large",
			DefernoApiException.ANSWER_TOO_LARGE);

	private final JsonMapper jsonMapper;

	private final ToolCallListener listener;

	private final PersonCallLimit limit;

	private final PersonCallRate rate;

	private final Duration budget;

	private final int maxResultChars;

	public ToolResults(JsonMapper jsonMapper) {
		this(jsonMapper, (tool, outcome, reason, answer, duration) -> {
		});
	}

	public ToolResults(JsonMapper jsonMapper, ToolCallListener listener) {
		this(jsonMapper, listener, null, null, null);
	}

	/**
	 * @param limit the per-person cap, or null for none
	 * @param rate the per-person rate, or null for none
	 * @param budget the time each call may spend on Deferno ({@link CallDeadline}), or
	 * null for no bound but each Deferno call's own
	 */
	ToolResults(JsonMapper jsonMapper, ToolCallListener listener, PersonCallLimit limit, PersonCallRate rate,
			Duration budget) {
		this(jsonMapper, listener, limit, rate, budget, MAX_RESULT_CHARS);
	}

	ToolResults(JsonMapper jsonMapper, ToolCallListener listener, PersonCallLimit limit, PersonCallRate rate,
			Duration budget, int maxResultChars) {
		this.maxResultChars = maxResultChars;
		this.jsonMapper = jsonMapper;
		this.listener = listener;
		this.limit = limit;
		this.rate = rate;
		this.budget = budget;
	}

	/**
	 * @param read whether the tool only reads: then an answer without data is an error
	 * (there is nothing to show), while for a write it means done
	 */
	public CallToolResult run(String tool, boolean read, ToolHandler handler, Map<String, Object> arguments) {
		long started = System.nanoTime();
		Ended ended = runCounted(tool, read, handler, arguments);
		this.listener.toolCalled(tool, ended.outcome(), ended.reason(), ended.answer(),
				Duration.ofNanos(System.nanoTime() - started));
		return ended.result();
	}

	/** A call whose arguments its input schema refused before the tool ran. */
	public void refusedArguments(String tool, Duration duration) {
		this.listener.toolCalled(tool, ToolCallListener.Outcome.CLIENT_ERROR, INVALID_ARGUMENTS, duration);
	}

	/**
	 * The resource read under the same rules as a tool call: counted against the person's
	 * calls and bounded by the call's budget, so reads cannot take the connections to
	 * Deferno from everyone else, nor run past what a client waits.
	 */
	DefernoResource guarded(DefernoResource resource) {
		DefernoResource.Reader reader = resource.reader();
		return new DefernoResource(resource.resource(), resource.template(), resource.scope(),
				(uri) -> byCallRules(() -> HeldAnswers.until(() -> reader.read(uri)), (waitSeconds) -> {
					throw new ResourceReadException(ResourceReadException.Reason.UNAVAILABLE,
							(waitSeconds == null)
									? this.limit.perPerson() + " calls of this person are still running"
											+ " (DEFERNO_MAX_CALLS_PER_PERSON); wait for one to finish, then read again"
									: startedThisMinute() + "; wait " + waitSeconds + " s, then read again");
				}));
	}

	private Ended runCounted(String tool, boolean read, ToolHandler handler, Map<String, Object> arguments) {
		return byCallRules(() -> runHandler(tool, read, handler, arguments), (waitSeconds) -> (waitSeconds == null)
				? failed("too_many_calls", tool + ": " + this.limit.perPerson() + " tool calls of this person are"
						+ " still running (DEFERNO_MAX_CALLS_PER_PERSON); nothing was sent: wait for one to finish,"
						+ " then call again")
				: failed("rate_limited", tool + ": " + startedThisMinute() + "; nothing was sent: wait " + waitSeconds
						+ " s, then call again"));
	}

	private String startedThisMinute() {
		return this.rate.perMinute() + " tool calls and resource reads of this person started within a minute"
				+ " (DEFERNO_CALLS_PER_MINUTE)";
	}

	/**
	 * Runs {@code work} counted against the person's calls and within the call's budget
	 * for Deferno; when the person has as many running already, or has started as many
	 * this minute, what {@code refused} gives instead, told the seconds to wait for the
	 * next minute (null: for a call to finish). A call refused for those running is not
	 * counted against the minute: it never started.
	 */
	private <T> T byCallRules(Supplier<T> work, Function<Long, T> refused) {
		String person = CallingPerson.name();
		Runnable leave = (this.limit != null) ? this.limit.enter(person) : NOT_COUNTED;
		if (leave == null) {
			return refused.apply(null);
		}
		Duration wait = (this.rate != null) ? this.rate.refusal(person) : null;
		if (wait != null) {
			leave.run();
			return refused.apply(WaitSeconds.of(wait));
		}
		try {
			return (this.budget != null) ? CallDeadline.within(this.budget, () -> inTurn(person, work, refused))
					: inTurn(person, work, refused);
		}
		finally {
			leave.run();
		}
	}

	/**
	 * Runs {@code work} once it is this call's turn among the person's calls, waiting
	 * within the call's time; refused as for too many running when none came.
	 */
	private <T> T inTurn(String person, Supplier<T> work, Function<Long, T> refused) {
		if (this.limit == null) {
			return work.get();
		}
		Duration left = CallDeadline.remaining();
		Runnable turn = this.limit.turn(person, (left != null) ? left : LONGEST_TURN_WAIT);
		if (turn == null) {
			return refused.apply(null);
		}
		try {
			return work.get();
		}
		finally {
			turn.run();
		}
	}

	private Ended runHandler(String tool, boolean read, ToolHandler handler, Map<String, Object> arguments) {
		try {
			// Deferno's answers stay counted until the result is built from them
			return HeldAnswers.until(() -> {
				Object value = handler.handle(new ToolArguments(arguments));
				if (value == null || (value instanceof JsonNode node && node.isNull())) {
					// a bare "null" reads as an answer to neither an agent nor a person
					return read
							? failed("no_data",
									tool + ": Deferno answered without any data, so there is nothing to show for these "
											+ "arguments; check them (an item's ref can be found with search_items or "
											+ "list_items)")
							: new Ended(success(Map.of("ok", true)), ToolCallListener.Outcome.OK, null, null);
				}
				return result(tool, value);
			});
		}
		catch (ToolArgumentException | UnroutableRefException ex) {
			// a message may quote an argument, which may hold a lone surrogate
			String message = Quotes.wellFormed(ex.getMessage());
			return failed(INVALID_ARGUMENTS, message.startsWith(tool + ":") ? message : tool + ": " + message);
		}
		catch (DefernoApiException ex) {
			return new Ended(error(ex.getMessage()),
					refusedByDeferno(ex) ? ToolCallListener.Outcome.CLIENT_ERROR : outcomeOf(ex.reason()), ex.reason(),
					ex.answer());
		}
		catch (DefernoTokenUnavailableException ex) {
			// only a refused grant is mended by signing in; an outage is not
			return ex.signInHelps()
					? failed("sign_in_needed",
							"not authenticated with Deferno: " + ex.getMessage()
									+ "; sign in again through the MCP client's OAuth flow")
					: failed("token_unavailable", "no Deferno token for this call: " + ex.getMessage());
		}
		catch (RuntimeException ex) {
			logger.error("Tool {} failed unexpectedly", tool, ex);
			return failed("internal_error", tool + ": unexpected server error; the request may not have been "
					+ "completed, check before retrying" + reference());
		}
	}

	/**
	 * The trace id of the error line just logged (Micrometer's log correlation, the
	 * {@code X-Trace-Id} of the answer), for an agent or person to quote to the operator:
	 * only this error needs the log to be understood.
	 */
	private static String reference() {
		String traceId = MDC.get(TRACE_ID);
		return (traceId != null && !traceId.isEmpty()) ? " (reference " + traceId + ")" : "";
	}

	private static Ended failed(String reason, String message) {
		return new Ended(error(message), outcomeOf(reason), reason, null);
	}

	/** An error result of this reason: the caller's to mend, or a failure. */
	private static ToolCallListener.Outcome outcomeOf(String reason) {
		return CALLERS_REASONS.contains(reason) ? ToolCallListener.Outcome.CLIENT_ERROR
				: ToolCallListener.Outcome.ERROR;
	}

	/**
	 * Deferno's handlers refused what was asked (a 4xx in its envelope, 429 aside: that
	 * one asks for a pause, a failure to serve). A 4xx outside the envelope, or the
	 * router's "no such route", is one every call meets alike (a proxy's 403 or 404, a
	 * DEFERNO_BASE_URL without /api, this gateway's own 401 when it could not settle
	 * whether the sign-in still works): a failure, as are this gateway's own 502s and
	 * 503s and no answer.
	 */
	private static boolean refusedByDeferno(DefernoApiException ex) {
		return DefernoApiException.DEFERNO_ERROR.equals(ex.reason()) && ex.status() >= 400 && ex.status() < 500
				&& ex.status() != TOO_MANY_REQUESTS && ex.enveloped() && !UnknownRoute.refused(ex);
	}

	/**
	 * The value as a result of at most {@link #MAX_RESULT_CHARS}: a longer list keeps its
	 * leading rows that fit and says so; anything else longer is an error saying how to
	 * ask for less.
	 */
	private Ended result(String tool, Object value) {
		if (value instanceof Noted noted) {
			Ended ended = result(tool, noted.value());
			if (ended.result().isError()) {
				return ended;
			}
			CallToolResult result = ended.result();
			List<Content> content = new ArrayList<>(result.content());
			content.add(new TextContent(noted.note()));
			return new Ended(new CallToolResult(content, false, result.structuredContent(), result.meta()),
					ended.outcome(), ended.reason(), ended.answer());
		}
		// a tree (what most tools return) is taken as it is, not copied
		JsonNode node = (value instanceof JsonNode tree) ? tree : this.jsonMapper.valueToTree(value);
		if (node.isArray()) {
			return rows(node);
		}
		JsonText whole = JsonText.of(this.jsonMapper.writer(), node, this.maxResultChars);
		if (whole.text() != null) {
			return new Ended(success(node, whole.text()), ToolCallListener.Outcome.OK, null, null);
		}
		return failed("result_too_large",
				tool + ": the result is " + size(whole.length()) + " of JSON, more than the "
						+ size(this.maxResultChars) + " one result holds here; ask for less (without full, a "
						+ "narrower query, fewer days, a lower limit)");
	}

	/** A list, written once: all of it when it fits, else its leading rows that fit. */
	private Ended rows(JsonNode node) {
		JsonRows written = JsonRows.of(this.jsonMapper.writer(), node, this.maxResultChars);
		List<JsonNode> rows = List.copyOf(node.values());
		List<Content> content = new ArrayList<>(List.of(new TextContent(written.text())));
		if (written.kept() < rows.size()) {
			content.add(new TextContent("Only the first " + count(written.kept()) + " of " + count(rows.size())
					+ " rows are shown: the whole result is " + size(written.length()) + " of JSON, more than the "
					+ size(this.maxResultChars) + " one result holds here; ask for fewer (a lower limit and offset to "
					+ "page, a narrower query, fewer days) for the rest"));
		}
		// a copy of the rows kept, not a view that would hold on to the others
		return new Ended(
				new CallToolResult(content, false, structured(List.copyOf(rows.subList(0, written.kept()))), null),
				ToolCallListener.Outcome.OK, null, null);
	}

	public CallToolResult success(Object value) {
		JsonNode node = (value instanceof JsonNode tree) ? tree : this.jsonMapper.valueToTree(value);
		return success(node, this.jsonMapper.writeValueAsString(node));
	}

	/**
	 * The text and, for an object or a list, the structured content: the tree itself,
	 * which the MCP SDK's mapper (the same Jackson) writes exactly as a copy into maps
	 * and lists would be written, without the copy.
	 */
	private CallToolResult success(JsonNode node, String text) {
		CallToolResult.Builder result = CallToolResult.builder().addTextContent(text).isError(false);
		if (node != null && node.isObject()) {
			result.structuredContent(node);
		}
		else if (node != null && node.isArray()) {
			result.structuredContent(structured(List.copyOf(node.values())));
		}
		return result.build();
	}

	/**
	 * A list's structured content: an object before MCP 2026-07-28, the rows themselves
	 * (the trees, not copies) in a list.
	 */
	private static Map<String, Object> structured(List<JsonNode> rows) {
		return Map.of("result", rows);
	}

	private static String size(long chars) {
		return JsonText.size(chars);
	}

	private static String count(int count) {
		return String.format(Locale.ROOT, "%,d", count);
	}

	public static CallToolResult error(String message) {
		return CallToolResult.builder().content(List.of(new TextContent(message))).isError(true).build();
	}

	/**
	 * A call's result, its outcome and, for an error, its reason and the answer of
	 * Deferno's that caused it (if one did), for the listener.
	 */
	private record Ended(CallToolResult result, ToolCallListener.Outcome outcome, String reason,
			DefernoApiException.Answer answer) {
	}

}
