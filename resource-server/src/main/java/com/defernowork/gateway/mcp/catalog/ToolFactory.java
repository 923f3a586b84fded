package com.defernowork.gateway.mcp.catalog;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.modelcontextprotocol.spec.McpSchema.ToolAnnotations;

import com.defernowork.gateway.model.scope.Scopes;

/**
 * Builds {@link DefernoTool}s: the input schema comes from
 * {@code tools/<area>/<name>.json} on the classpath (read by {@link ToolSchemaSource}),
 * the handler is wrapped by {@link ToolResults} so every failure becomes an error result.
 */
public final class ToolFactory {

	private final ToolSchemaSource schemas;

	private final ToolResults results;

	public ToolFactory(McpJsonMapper mcpJsonMapper, ToolResults results) {
		this.schemas = new ToolSchemaSource(mcpJsonMapper);
		this.results = results;
	}

	public Builder tool(String area, String name) {
		return new Builder(area, name);
	}

	public final class Builder {

		private final String area;

		private final String name;

		private String title;

		private String description;

		private Scopes scope;

		private boolean readOnly;

		private boolean destructive;

		private boolean idempotent;

		private Builder(String area, String name) {
			this.area = area;
			this.name = name;
		}

		public Builder title(String title) {
			this.title = title;
			return this;
		}

		public Builder description(String description) {
			this.description = description;
			return this;
		}

		public Builder scope(Scopes scope) {
			this.scope = scope;
			return this;
		}

		/** Reads only; safe to repeat. */
		public Builder readOnly() {
			this.readOnly = true;
			this.idempotent = true;
			return this;
		}

		public Builder destructive() {
			this.destructive = true;
			return this;
		}

		public Builder idempotent() {
			this.idempotent = true;
			return this;
		}

		public DefernoTool handler(ToolHandler handler) {
			if (this.scope == null || this.description == null) {
				throw new IllegalStateException("tool " + this.name + " needs a scope and a description");
			}
			Tool tool = Tool.builder()
				.name(this.name)
				.title(this.title)
				.description(this.description)
				.inputSchema(ToolFactory.this.schemas.read("tools/" + this.area + "/" + this.name + ".json"))
				.annotations(ToolAnnotations.builder()
					.title(this.title)
					.readOnlyHint(this.readOnly)
					.destructiveHint(this.destructive)
					.idempotentHint(this.idempotent)
					.openWorldHint(false)
					.build())
				.build();
			String toolName = this.name;
			boolean read = this.readOnly;
			return new DefernoTool(tool, this.scope,
					(arguments) -> ToolFactory.this.results.run(toolName, read, handler, arguments));
		}

	}

}
