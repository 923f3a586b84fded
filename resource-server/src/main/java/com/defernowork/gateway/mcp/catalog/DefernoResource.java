package com.defernowork.gateway.mcp.catalog;

import io.modelcontextprotocol.spec.McpSchema.Resource;
import io.modelcontextprotocol.spec.McpSchema.ResourceTemplate;

import com.defernowork.gateway.model.scope.Scopes;

/**
 * A static resource or a resource template as both protocol eras serve it, with the scope
 * reading it needs and its reader. Exactly one of {@code resource} and {@code template}
 * is set.
 */
public record DefernoResource(Resource resource, ResourceTemplate template, Scopes scope, Reader reader) {

	public static DefernoResource of(Resource resource, Scopes scope, Reader reader) {
		return new DefernoResource(resource, null, scope, reader);
	}

	public static DefernoResource of(ResourceTemplate template, Scopes scope, Reader reader) {
		return new DefernoResource(null, template, scope, reader);
	}

	/**
	 * Whether a {@code resources/read} of this URI is served by this resource. A
	 * template's variable is one segment, as the 2025 era's SDK matches it (RFC 6570
	 * encodes a {@code /} in a value), so both eras find the same resources.
	 */
	public boolean matches(String uri) {
		if (this.resource != null) {
			return this.resource.uri().equals(uri);
		}
		String prefix = this.template.uriTemplate().substring(0, this.template.uriTemplate().indexOf('{'));
		return uri.startsWith(prefix) && uri.length() > prefix.length() && uri.indexOf('/', prefix.length()) < 0;
	}

	public String mimeType() {
		return (this.resource != null) ? this.resource.mimeType() : this.template.mimeType();
	}

	/** Reads the resource at a URI this resource {@link #matches}. */
	@FunctionalInterface
	public interface Reader {

		/**
		 * @return the resource's text
		 * @throws ResourceReadException when it cannot be read, with a message a client
		 * may show
		 */
		String read(String uri);

	}

}
