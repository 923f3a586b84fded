package com.defernowork.gateway.mcp.server;

import com.defernowork.gateway.web.settings.Settings;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The {@code /mcp} endpoint's own limits ({@code mcp.endpoint.*}).
 *
 * @param maxRequestSize the largest request body accepted (413 beyond), whatever a proxy
 * in front allows
 */
@ConfigurationProperties("mcp.endpoint")
record McpEndpointProperties(@DefaultValue("1MB") DataSize maxRequestSize) {

	McpEndpointProperties {
		Settings.positive(maxRequestSize, "MCP_MAX_REQUEST_SIZE (mcp.endpoint.max-request-size)");
	}

	int maxRequestBytes() {
		return (int) Math.min(Integer.MAX_VALUE - 1, this.maxRequestSize.toBytes());
	}

}
