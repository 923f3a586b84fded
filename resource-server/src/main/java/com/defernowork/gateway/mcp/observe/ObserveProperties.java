package com.defernowork.gateway.mcp.observe;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the resource server reports beyond its metrics ({@code mcp.activity.*}).
 *
 * @param enabled whether tool calls are reported to the authorization server for the
 * connected-apps page
 * @param queueSize reports waiting to be sent at most; beyond that they are dropped
 * @param batchSize most reports sent in one request
 * @param linger how long the reporter waits after a request for more reports to gather,
 * unless a full batch is already waiting
 */
@ConfigurationProperties("mcp.activity")
public record ObserveProperties(@DefaultValue("true") boolean enabled, @DefaultValue("1000") int queueSize,
		@DefaultValue("100") int batchSize, @DefaultValue("50ms") Duration linger) {

	/** As many calls as the authorization server takes in one report. */
	static final int MAX_BATCH_SIZE = 500;

	public ObserveProperties {
		if (queueSize < 1) {
			throw new IllegalArgumentException("mcp.activity.queue-size must be at least 1, was " + queueSize);
		}
		if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
			throw new IllegalArgumentException(
					"mcp.activity.batch-size must be between 1 and " + MAX_BATCH_SIZE + ", was " + batchSize);
		}
		if (linger == null || linger.isNegative()) {
			throw new IllegalArgumentException("mcp.activity.linger must not be negative, was " + linger);
		}
	}

}
