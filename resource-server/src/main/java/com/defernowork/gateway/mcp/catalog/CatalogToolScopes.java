package com.defernowork.gateway.mcp.catalog;

import java.util.Optional;

import com.defernowork.gateway.model.scope.Scopes;

/**
 * {@link ToolScopes} read from the scope each tool and resource declares where it is
 * defined.
 */
final class CatalogToolScopes implements ToolScopes {

	private final ToolCatalog catalog;

	CatalogToolScopes(ToolCatalog catalog) {
		this.catalog = catalog;
	}

	@Override
	public Optional<Scopes> forTool(String toolName) {
		return this.catalog.tools()
			.stream()
			.filter((t) -> t.name().equals(toolName))
			.map(DefernoTool::scope)
			.findFirst();
	}

	@Override
	public Optional<Scopes> forResource(String uri) {
		if (uri == null) {
			return Optional.empty();
		}
		return this.catalog.resources().stream().filter((r) -> r.matches(uri)).map(DefernoResource::scope).findFirst();
	}

}
