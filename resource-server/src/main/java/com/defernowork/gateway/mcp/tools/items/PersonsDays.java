package com.defernowork.gateway.mcp.tools.items;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.function.Supplier;

import com.defernowork.gateway.mcp.catalog.DateRange;

/**
 * A range of whole days as the person lives them, as instants: from the start of the
 * first day to the last millisecond of the last, in {@code tz} when given, else in the
 * zone they keep in Deferno (asked only when a day is given). An item due on a day may be
 * stored at any time of it in their zone, on another day in UTC.
 *
 * @param from the start, or {@code null} for none
 * @param to the end, inclusive, or {@code null} for none
 */
record PersonsDays(Instant from, Instant to) {

	static PersonsDays of(DateRange range, String tz, Supplier<ZoneId> savedZone) {
		if (range.from() == null && range.to() == null) {
			return new PersonsDays(null, null);
		}
		ZoneId zone = (tz != null) ? ZoneId.of(tz) : savedZone.get();
		return new PersonsDays(
				(range.from() != null) ? LocalDate.parse(range.from()).atStartOfDay(zone).toInstant() : null,
				(range.to() != null)
						? LocalDate.parse(range.to()).plusDays(1).atStartOfDay(zone).toInstant().minusMillis(1) : null);
	}

}
