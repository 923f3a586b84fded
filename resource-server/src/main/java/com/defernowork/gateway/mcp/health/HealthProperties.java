package com.defernowork.gateway.mcp.health;

import java.time.Duration;

import com.defernowork.gateway.web.settings.Settings;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the resource server's health is found out ({@code mcp.health.*}).
 *
 * @param authServerInterval the longest the {@code authServer} health component trusts
 * what it last heard from the authorization server before it asks again; also the
 * shortest time between two of its own questions, however often health is read
 * @param defernoInterval the same for the {@code deferno} component and Deferno
 */
@ConfigurationProperties("mcp.health")
public record HealthProperties(@DefaultValue("30s") Duration authServerInterval,
		@DefaultValue("30s") Duration defernoInterval) {

	public HealthProperties {
		Settings.positive(authServerInterval, "MCP_HEALTH_AUTH_SERVER_INTERVAL (mcp.health.auth-server-interval)");
		Settings.positive(defernoInterval, "MCP_HEALTH_DEFERNO_INTERVAL (mcp.health.deferno-interval)");
	}

}
