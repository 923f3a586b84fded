package com.defernowork.gateway.mcp.deferno.client;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.databind.JsonNode;

import com.defernowork.gateway.mcp.text.Quotes;

/**
 * The time zone a person keeps in Deferno's settings, in which Deferno reads their days
 * when a request names none; UTC when they keep none, as Deferno has it.
 */
public final class SavedTimeZone {

	private static final Logger logger = LoggerFactory.getLogger(SavedTimeZone.class);

	private static final Set<String> UNKNOWN_ZONES_WARNED = ConcurrentHashMap.newKeySet();

	private SavedTimeZone() {
	}

	public static ZoneId of(DefernoClient client) {
		ZoneId saved = saved(client);
		return (saved != null) ? saved : ZoneOffset.UTC;
	}

	/**
	 * The zone the person saved, or {@code null} when they saved none (Deferno then reads
	 * their days in UTC, and saves the first {@code tz} a read of the calendar is sent).
	 */
	public static ZoneId saved(DefernoClient client) {
		JsonNode settings;
		try {
			settings = client.settings();
		}
		catch (DefernoApiException ex) {
			if (ex.status() == 404 || ex.status() == 405) {
				// a Deferno without settings reads every day in UTC, and saves none
				return null;
			}
			// the settings alone refused; a refused sign-in or a Deferno that is down
			// says so itself, and tz would not mend it
			boolean settingsOnly = ex.status() >= 400 && ex.status() < 500 && ex.status() != 401;
			throw settingsOnly ? ex.about("your saved time zone (pass tz to name one)") : ex;
		}
		JsonNode zone = (settings != null) ? settings.get("time_zone") : null;
		if (zone == null || !zone.isString()) {
			return null;
		}
		try {
			return ZoneId.of(zone.stringValue());
		}
		catch (DateTimeException ex) {
			// Deferno checks the zone it keeps; one this JDK does not know reads as none
			warnOnce(zone.stringValue());
			return ZoneOffset.UTC;
		}
	}

	/** Once per zone (Deferno's own names, a few at most): the operator can mend it. */
	private static void warnOnce(String zone) {
		if (UNKNOWN_ZONES_WARNED.size() < 100 && UNKNOWN_ZONES_WARNED.add(zone)) {
			logger.warn("Deferno keeps the time zone '{}', which this Java runtime does not know (its time zone data "
					+ "is older): the days of the people who chose it are read in UTC until the runtime is updated",
					Quotes.line(zone, Quotes.SHORT));
		}
	}

}
