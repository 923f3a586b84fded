package com.defernowork.gateway.mcp.tools.account;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Component;

import com.defernowork.gateway.mcp.catalog.DefernoTool;
import com.defernowork.gateway.mcp.catalog.ToolFactory;
import com.defernowork.gateway.mcp.catalog.ToolProvider;
import com.defernowork.gateway.mcp.deferno.client.DefernoApiException;
import com.defernowork.gateway.mcp.deferno.client.DefernoClient;
import com.defernowork.gateway.mcp.deferno.client.SavedTimeZone;
import com.defernowork.gateway.model.scope.Scopes;

/** Who the signed-in Deferno person is, and which day it is for them. */
@Component
class AccountTools implements ToolProvider {

	private final ToolFactory factory;

	private final DefernoClient client;

	AccountTools(ToolFactory factory, DefernoClient client) {
		this.factory = factory;
		this.client = client;
	}

	@Override
	public List<DefernoTool> tools() {
		return List.of(whoami());
	}

	DefernoTool whoami() {
		return this.factory.tool("account", "whoami")
			.title("Who am I")
			.description("The signed-in Deferno user (id, username, display name), the time zone their days are read "
					+ "in (time_zone) and today's date there (today), the day Deferno's plan and lists read as today. "
					+ "time_zone_saved tells whether they saved that zone in Deferno: false means none is saved and "
					+ "time_zone is UTC by default; then the first tz given to get_items_calendar is saved as theirs. "
					+ "Call it first to confirm authentication and whose account the other tools act on.")
			.scope(Scopes.PROFILE_READ)
			.readOnly()
			.handler((args) -> withToday(this.client.profile()));
	}

	/**
	 * Deferno's profile with the person's zone and day added: an agent cannot tell either
	 * from the UTC instants the other tools answer with.
	 */
	private JsonNode withToday(JsonNode profile) {
		if (!(profile instanceof ObjectNode person)) {
			return profile;
		}
		ZoneId saved;
		try {
			saved = SavedTimeZone.saved(this.client);
		}
		catch (DefernoApiException ex) {
			if (ex.status() == 401) {
				throw ex;
			}
			// the settings cannot be read now: whoami still confirms the sign-in
			return profile;
		}
		// none saved reads as UTC, as Deferno reads it; time_zone_saved tells them apart,
		// since a saved UTC stays while none is replaced by the calendar's first tz
		ZoneId zone = (saved != null) ? saved : ZoneOffset.UTC;
		ObjectNode answer = person.deepCopy();
		answer.put("time_zone", zone.equals(ZoneOffset.UTC) ? "UTC" : zone.getId());
		answer.put("time_zone_saved", saved != null);
		answer.put("today", LocalDate.now(zone).toString());
		return answer;
	}

}
