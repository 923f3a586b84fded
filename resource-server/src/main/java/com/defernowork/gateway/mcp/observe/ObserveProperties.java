package com.defernowork.gateway.mcp.observe;

import java.time.Duration;

import com.defernowork.gateway.web.settings.InvalidSettingException;
import com.defernowork.gateway.web.settings.Settings;

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
		Settings.atLeast(1, queueSize, "mcp.activity.queue-size");
		if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
			throw new InvalidSettingException("mcp.activity.batch-size", "a whole number from 1 to " + MAX_BATCH_SIZE,
					batchSize);
		}
		Settings.notNegative(linger, "mcp.activity.linger");
	}

}
