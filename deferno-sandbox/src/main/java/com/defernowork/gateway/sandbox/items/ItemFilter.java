package com.defernowork.gateway.sandbox.items;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.defernowork.gateway.sandbox.api.ApiException;
import com.defernowork.gateway.sandbox.api.Body;
import com.defernowork.gateway.sandbox.store.Item;

/**
 * The OData {@code $filter} subset of {@code GET /items}: clauses {@code field op value}
 * joined by {@code and}, fields {@code kind}, {@code status}, {@code complete_by},
 * operators {@code eq}, {@code ge}, {@code le}. Like the backend, {@code complete_by}
 * compares as a DateTime: a bare date literal matches nothing.
 */
final class ItemFilter {

	private static final Pattern CLAUSE = Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_]*)\\s+([A-Za-z]+)\\s+(.+?)\\s*");

	private static final Pattern AND = Pattern.compile("\\s+and\\s+", Pattern.CASE_INSENSITIVE);

	private ItemFilter() {
	}

	static Predicate<Item> parse(String filter) {
		List<Predicate<Item>> clauses = new ArrayList<>();
		for (String text : AND.split(filter.trim())) {
			Matcher matcher = CLAUSE.matcher(text);
			if (!matcher.matches()) {
				throw ApiException.badRequest("cannot parse $filter clause '" + text.trim() + "'");
			}
			clauses.add(clause(matcher.group(1), matcher.group(2).toLowerCase(Locale.ROOT), matcher.group(3)));
		}
		return clauses.stream().reduce((item) -> true, Predicate::and);
	}

	private static Predicate<Item> clause(String field, String op, String literal) {
		if (!List.of("kind", "status", "complete_by").contains(field)) {
			throw ApiException.badRequest("field '" + field + "' not filterable");
		}
		if (!List.of("eq", "ge", "le").contains(op)) {
			throw ApiException.badRequest("operator '" + op + "' not supported (eq, ge, le)");
		}
		if (field.equals("complete_by")) {
			if (literal.startsWith("'")) {
				throw ApiException
					.badRequest("complete_by compares with a DateTime literal such as 2026-06-01T00:00:00Z");
			}
			if (!literal.contains("T")) {
				// no Date <-> DateTime coercion, as in the backend evaluator
				return (item) -> false;
			}
			Instant value = Body.instant("complete_by", literal);
			return (item) -> item.completeBy != null && switch (op) {
				case "eq" -> item.completeBy.equals(value);
				case "ge" -> !item.completeBy.isBefore(value);
				default -> !item.completeBy.isAfter(value);
			};
		}
		if (!op.equals("eq")) {
			throw ApiException.badRequest("operator '" + op + "' not supported on '" + field + "' (eq)");
		}
		if (literal.length() < 2 || !literal.startsWith("'") || !literal.endsWith("'")) {
			throw ApiException.badRequest(field + " compares with a quoted string such as '" + "open" + "'");
		}
		String value = literal.substring(1, literal.length() - 1);
		return field.equals("kind") ? (item) -> item.kind.wire().equalsIgnoreCase(value)
				: (item) -> value.equals(item.status);
	}

}
