package com.defernowork.gateway.mcp.tools.plan;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

import com.defernowork.gateway.mcp.deferno.refs.Ref;

/**
 * A day's plan as Deferno answered it, whose rows name each item's id, org and sequence:
 * a ref to one of them needs no lookup. A sequence ({@code #12}) is the personal org's,
 * which no row says: it is matched once the org is known (from the lookup of an earlier
 * one).
 */
final class PlanRows {

	private final List<JsonNode> rows;

	private PlanRows(List<JsonNode> rows) {
		this.rows = rows;
	}

	static PlanRows of(JsonNode plan) {
		List<JsonNode> rows = new ArrayList<>();
		if (plan != null && plan.isArray()) {
			plan.values().forEach(rows::add);
		}
		return new PlanRows(rows);
	}

	/** Every row, in the plan's order. */
	List<JsonNode> rows() {
		return this.rows;
	}

	/**
	 * The id of the item {@code ref} names, where the form alone or a row tells it;
	 * {@code null} when it takes a lookup (no row matches, or a sequence while the
	 * personal org is unknown, or an alias).
	 * @param personalOrg the slug of the person's own org, or {@code null} when unknown
	 */
	String idOf(Ref ref, String personalOrg) {
		return switch (ref) {
			case Ref.Uuid uuid -> uuid.uuid();
			case Ref.AppUrlUuid url -> url.uuid();
			case Ref.AppUrlSequence url -> idOf(url.orgSlug(), url.sequence());
			case Ref.Canonical canonical -> idOf(canonical.orgSlug(), canonical.sequence());
			case Ref.Sequence sequence -> (personalOrg != null) ? idOf(personalOrg, sequence.sequence()) : null;
			default -> null;
		};
	}

	private String idOf(String org, String sequence) {
		String number = new BigInteger(sequence).toString();
		for (JsonNode row : this.rows) {
			JsonNode id = row.get("id");
			if (id != null && id.isString() && org.equals(row.path("org_slug").asString(""))
					&& number.equals(sequenceOf(row))) {
				return id.stringValue();
			}
		}
		return null;
	}

	/** A row's sequence written without leading zeros, or null. */
	private static String sequenceOf(JsonNode row) {
		JsonNode sequence = row.get("sequence");
		if (sequence == null) {
			return null;
		}
		if (sequence.isIntegralNumber()) {
			return sequence.bigIntegerValue().toString();
		}
		String text = sequence.isString() ? sequence.stringValue().strip() : "";
		return (!text.isEmpty() && text.chars().allMatch((c) -> c >= '0' && c <= '9')) ? new BigInteger(text).toString()
				: null;
	}

}
