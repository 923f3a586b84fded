package com.defernowork.gateway.mcp.catalog;

import io.modelcontextprotocol.server.McpStatelessServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpStatelessServerFeatures.SyncResourceTemplateSpecification;

import com.defernowork.gateway.model.scope.Scopes;

/** A static resource or a resource template, with the scope reading it needs. Exactly one spec is set. */
public record DefernoResource(SyncResourceSpecification resource, SyncResourceTemplateSpecification template,
		Scopes scope) {

	public static DefernoResource of(SyncResourceSpecification resource, Scopes scope) {
		return new DefernoResource(resource, null, scope);
	}

	public static DefernoResource of(SyncResourceTemplateSpecification template, Scopes scope) {
		return new DefernoResource(null, template, scope);
	}

	/** Whether a {@code resources/read} of this URI is served by this resource. */
	public boolean matches(String uri) {
		if (this.resource != null) {
			return this.resource.resource().uri().equals(uri);
		}
		String template = this.template.resourceTemplate().uriTemplate();
		String prefix = template.substring(0, template.indexOf('{'));
		return uri.startsWith(prefix) && uri.length() > prefix.length();
	}

}
