package com.defernowork.gateway.auth.storage.redis;

import java.time.Clock;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import io.lettuce.core.event.connection.ReconnectFailedEvent;
import io.lettuce.core.resource.ClientResources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;

import com.defernowork.gateway.web.logging.RateLimitedWarning;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.NestedExceptionUtils;

/**
 * Lettuce logs a refused reconnection (NOAUTH once Redis asks for a password) with a
 * stack trace every few seconds, and requests fail only with "not connected": here each
 * is one rate-limited line saying what Redis said and what to change, and the latest
 * refusal is kept for the health component and the 503s' log until a connection is made.
 */
final class RedisReconnections implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(RedisReconnections.class);

	private final Disposable subscription;

	private volatile RedisCommandExecutionException refusal;

	private final RateLimitedWarning warnings;

	RedisReconnections(ClientResources resources, Clock clock) {
		this.warnings = new RateLimitedWarning(logger, clock);
		this.subscription = resources.eventBus().get().subscribe((event) -> {
			if (event instanceof ReconnectFailedEvent failed) {
				failed(failed);
			}
			else if (event instanceof ConnectionActivatedEvent) {
				this.refusal = null;
			}
		});
	}

	void failed(ReconnectFailedEvent event) {
		RedisCommandExecutionException refused = RedisOutages.refusal(event.getCause());
		this.refusal = refused;
		String address = String.valueOf(event.remoteAddress()).replace("/<unresolved>", "");
		// the network's words ("Connection refused"), not the exception's class
		String why = (refused != null)
				? "Redis says \"" + refused.getMessage() + "\". " + RedisOutages.whatToChange(refused) + "."
				: NestedExceptionUtils.getMostSpecificCause(event.getCause()).getMessage();
		// each of the driver's connections tries again at once, then every second
		this.warnings.warn("Cannot reconnect to Redis at " + address + " (attempt " + event.getAttempt() + "): " + why);
	}

	/** The latest reconnection's refusal while no connection was made since, or null. */
	RedisCommandExecutionException refusal() {
		return this.refusal;
	}

	@Override
	public void destroy() {
		this.subscription.dispose();
	}

}
