package com.defernowork.gateway.mcp.deferno.client;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;

import tools.jackson.databind.JsonNode;

/**
 * The time zone a person keeps in Deferno's settings, in which Deferno reads their days
 * when a request names none; UTC when they keep none, as Deferno has it.
 */
public final class SavedTimeZone {

	private SavedTimeZone() {
	}

	public static ZoneId of(DefernoClient client) {
		JsonNode settings;
		try {
			settings = client.settings();
		}
		catch (DefernoApiException ex) {
			if (ex.status() == 404 || ex.status() == 405) {
				// a Deferno without settings reads every day in UTC
				return ZoneOffset.UTC;
			}
			// the settings alone refused; a refused sign-in or a Deferno that is down
			// says so itself, and tz would not mend it
			boolean settingsOnly = ex.status() >= 400 && ex.status() < 500 && ex.status() != 401;
			throw settingsOnly ? ex.about("your saved time zone (pass tz to name one)") : ex;
		}
		JsonNode zone = (settings != null) ? settings.get("time_zone") : null;
		if (zone == null || !zone.isString()) {
			return ZoneOffset.UTC;
		}
		try {
			return ZoneId.of(zone.stringValue());
		}
		catch (DateTimeException ex) {
			// Deferno checks the zone it keeps; one this JDK does not know reads as none
			return ZoneOffset.UTC;
		}
	}

}
