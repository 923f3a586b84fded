package com.defernowork.gateway.mcp.security.support;

import java.util.Map;
import java.util.Optional;

import com.defernowork.gateway.mcp.catalog.ToolScopes;
import com.defernowork.gateway.model.scope.Scopes;

import org.springframework.boot.test.context.TestComponent;

/** A few tools and resources with the scopes docs/wiring.md gives them. */
@TestComponent
public class StandInToolScopes implements ToolScopes {

	private static final Map<String, Scopes> TOOLS = Map.of("whoami", Scopes.PROFILE_READ, "list_items",
			Scopes.TASKS_READ, "create_item", Scopes.TASKS_WRITE, "get_daily_plan", Scopes.PLAN_READ,
			"add_to_items_plan", Scopes.PLAN_WRITE);

	private static final Map<String, Scopes> RESOURCES = Map.of("deferno://plan/today", Scopes.PLAN_READ);

	@Override
	public Optional<Scopes> forTool(String toolName) {
		return Optional.ofNullable(TOOLS.get(toolName));
	}

	@Override
	public Optional<Scopes> forResource(String uri) {
		return Optional.ofNullable(RESOURCES.get(uri));
	}

}
