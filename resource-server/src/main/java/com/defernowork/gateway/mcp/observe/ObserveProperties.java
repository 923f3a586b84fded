package com.defernowork.gateway.mcp.observe;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the resource server reports beyond its metrics ({@code mcp.activity.*}).
 *
 * @param enabled whether tool calls are reported to the authorization server for the
 * connected-apps page
 * @param queueSize reports waiting to be sent at most; beyond that they are dropped
 */
@ConfigurationProperties("mcp.activity")
public record ObserveProperties(@DefaultValue("true") boolean enabled, @DefaultValue("1000") int queueSize) {

}
