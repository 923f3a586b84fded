package com.defernowork.gateway.mcp.tools.account;

import java.util.List;

import org.springframework.stereotype.Component;

import com.defernowork.gateway.mcp.deferno.client.DefernoClient;
import com.defernowork.gateway.mcp.catalog.DefernoTool;
import com.defernowork.gateway.mcp.catalog.ToolFactory;
import com.defernowork.gateway.mcp.catalog.ToolProvider;
import com.defernowork.gateway.model.scope.Scopes;

/** Who the signed-in Deferno person is. */
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
			.description("The signed-in Deferno user (id, username, display name). Call it first to confirm "
					+ "authentication and whose account the other tools act on.")
			.scope(Scopes.PROFILE_READ)
			.readOnly()
			.handler((args) -> this.client.profile());
	}

}
