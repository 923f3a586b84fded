package com.defernowork.gateway.mcp.tools.occurrences;

import java.util.List;

import com.defernowork.gateway.mcp.deferno.client.DefernoApiException;

/**
 * Whether Deferno refused a chore occurrence body because it does not know that form (an
 * older Deferno: {@code skipped}, {@code {"action"}}), so the older form may be sent
 * instead. Only the words that name the body's shape count, never a refusal of what it
 * asked for ("this occurrence is locked", "title must not be empty"): that write was
 * understood, and sending it again in another form would hide the reason or apply it
 * twice.
 */
final class OlderChoreForm {

	/**
	 * serde's own wording, as Deferno's handlers pass it on: an unknown enum value or
	 * field, a missing field (each name in backticks), a value of the wrong JSON type.
	 */
	private static final List<String> SERDE = List.of("unknown variant `", "unknown field `", "missing field `",
			"invalid type: ");

	/**
	 * The sandbox's (Deferno's documented contract) whole answer for an unreadable body.
	 */
	private static final String UNREADABLE = "request body is not valid JSON of the expected shape";

	/** The start of the sandbox's answer for a chore action word it does not know. */
	private static final String UNKNOWN_ACTION = "invalid chore action '";

	private OlderChoreForm() {
	}

	/**
	 * A 400/422 that names the body's shape, or that Deferno's web framework answered
	 * before any handler ran (outside the API envelope).
	 */
	static boolean needed(DefernoApiException refusal) {
		return (refusal.status() == 400 || refusal.status() == 422)
				&& (!refusal.enveloped() || namesTheShape(refusal.detail()));
	}

	static boolean namesTheShape(String detail) {
		if (detail == null) {
			return false;
		}
		return SERDE.stream().anyMatch(detail::contains) || detail.equals(UNREADABLE)
				|| detail.startsWith(UNKNOWN_ACTION);
	}

}
