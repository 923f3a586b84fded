package com.defernowork.gateway.mcp.security.chain;

import java.util.List;
import java.util.Map;

import com.defernowork.gateway.mcp.security.McpSecurityProperties;
import com.defernowork.gateway.web.EndpointMethods;

import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * The protected-resource metadata (RFC 9728) is served by Spring Security's filter for
 * GET (and so for HEAD, through {@code HeadAsGet}); any other method gets 405 here rather
 * than Boot's 404.
 */
@RestController
class ResourceMetadataMethods {

	private static final List<HttpMethod> SERVED = List.of(HttpMethod.GET, HttpMethod.HEAD);

	@RequestMapping({ McpSecurityProperties.METADATA_PATH,
			McpSecurityProperties.METADATA_PATH + McpSecurityProperties.MCP_PATH })
	ResponseEntity<Map<String, String>> methodNotAllowed(HttpMethod method) {
		return EndpointMethods.notAllowed(method, SERVED);
	}

	@RequestMapping(method = RequestMethod.OPTIONS, path = { McpSecurityProperties.METADATA_PATH,
			McpSecurityProperties.METADATA_PATH + McpSecurityProperties.MCP_PATH })
	ResponseEntity<Void> options() {
		return EndpointMethods.options(SERVED);
	}

}
