package com.defernowork.gateway.mcp.server;

import com.defernowork.gateway.web.settings.InvalidSettingException;

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

	/** Below this no MCP request fits (an initialize request alone is some 300 bytes). */
	static final DataSize MIN_REQUEST_SIZE = DataSize.ofKilobytes(1);

	McpEndpointProperties {
		// a bare number is bytes: 10 would answer every request 413
		if (maxRequestSize == null || maxRequestSize.toBytes() < MIN_REQUEST_SIZE.toBytes()) {
			throw new InvalidSettingException("MCP_MAX_REQUEST_SIZE (mcp.endpoint.max-request-size)",
					"a size of 1KB or more with its unit, e.g. 1MB", maxRequestSize);
		}
	}

	int maxRequestBytes() {
		return (int) Math.min(Integer.MAX_VALUE - 1, this.maxRequestSize.toBytes());
	}

}
