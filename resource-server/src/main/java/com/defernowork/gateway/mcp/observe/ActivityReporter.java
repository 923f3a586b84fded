package com.defernowork.gateway.mcp.observe;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.defernowork.gateway.web.logging.RateLimitedWarning;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.web.client.HttpClientErrorException;

/**
 * Reports tool calls to the authorization server's {@code /internal/activity}, which
 * keeps each person's recent activity for the connected-apps page. The authorization
 * server owns everything stored about a person (in Redis or memory, as it is configured),
 * so the resource server stays stateless and needs no store of its own. Reports go out
 * after the call on one background thread with a bounded queue: a slow or absent
 * authorization server never delays a tool call, and when the queue is full a report is
 * dropped (the audit log still has the call). The thread sends what has queued up as one
 * JSON array of at most {@code batchSize} calls, then waits {@code linger} unless a full
 * batch is already waiting: under load one request carries many calls instead of one
 * request per call, on the same cores as the tools. A batch the authorization server
 * cannot take now (unreachable, or 5xx while its Redis fails over) is tried again as
 * {@code retries} says while later calls queue, so an outage of seconds loses no report;
 * one refused with 4xx, or failing past the retries, is dropped and logged.
 */
final class ActivityReporter implements DisposableBean {

	static final String NOT_FOUND = "; AUTH_INTERNAL_URL must name the auth server itself (compose: "
			+ "http://auth-server:9000, quickstart: http://127.0.0.1:9000), not the public URL: nginx does not pass "
			+ "its internal endpoints on";

	private static final Logger logger = LoggerFactory.getLogger(ActivityReporter.class);

	static final String PATH = "/internal/activity";

	/** Sends one batch; {@code null} reports nothing (turned off). */
	private final Consumer<List<Map<String, Object>>> sender;

	private final BlockingQueue<Map<String, Object>> queue;

	private final int batchSize;

	private final Duration linger;

	private final Thread thread;

	private final RetryTemplate retries;

	private final RateLimitedWarning dropped = new RateLimitedWarning(logger, Clock.systemUTC());

	/** Shutting down: what is queued goes out once, without waiting to try again. */
	private volatile boolean stopping;

	ActivityReporter(Consumer<List<Map<String, Object>>> sender, int queueSize, int batchSize, Duration linger,
			RetryPolicy retries) {
		this.sender = sender;
		this.retries = new RetryTemplate(retries);
		this.queue = new ArrayBlockingQueue<>(Math.max(1, queueSize));
		this.batchSize = Math.max(1, batchSize);
		this.linger = linger;
		this.thread = (sender != null) ? Thread.ofPlatform().name("activity-reporter").daemon().start(this::run) : null;
	}

	void report(String user, String client, String tool, String outcome, long durationMs) {
		if (this.sender == null) {
			return;
		}
		Map<String, Object> call = new LinkedHashMap<>();
		call.put("user", user);
		call.put("client", client);
		call.put("tool", tool);
		call.put("outcome", outcome);
		call.put("duration_ms", durationMs);
		// never waits: when the queue is full the report is dropped
		this.queue.offer(call);
	}

	private void run() {
		List<Map<String, Object>> batch = new ArrayList<>(this.batchSize);
		try {
			while (true) {
				batch.add(this.queue.take());
				this.queue.drainTo(batch, this.batchSize - 1);
				send(batch);
				if (this.queue.size() < this.batchSize && this.linger.isPositive()) {
					Thread.sleep(this.linger);
				}
			}
		}
		catch (InterruptedException ex) {
			// shutting down: what is still queued goes out, in batches
			batch.clear();
			while (this.queue.drainTo(batch, this.batchSize) > 0) {
				send(batch);
			}
		}
	}

	private void send(List<Map<String, Object>> batch) {
		try {
			if (this.stopping) {
				this.sender.accept(batch);
			}
			else {
				this.retries.execute(() -> {
					this.sender.accept(batch);
					return null;
				});
			}
		}
		catch (Throwable ex) {
			Throwable cause = (ex instanceof RetryException retry && retry.getCause() != null) ? retry.getCause() : ex;
			if (cause instanceof VirtualMachineError error) {
				throw error;
			}
			// best effort: the audit log has every call; the reporting thread carries on,
			// whatever the sender threw
			this.dropped.warn(batch.size() + " tool calls are missing from the connected-apps activity: the "
					+ "authorization server did not take them ("
					+ Objects.requireNonNullElse(NestedExceptionUtils.getMostSpecificCause(cause).getMessage(),
							"no reason given")
					+ ")" + (isNotFound(cause) ? NOT_FOUND : ""));
		}
		finally {
			batch.clear();
		}
	}

	/**
	 * A 404: the address reaches no auth server's internal endpoint, typically the public
	 * URL through nginx, which passes introspection on but not this.
	 */
	private static boolean isNotFound(Throwable cause) {
		return cause instanceof HttpClientErrorException.NotFound;
	}

	@Override
	public void destroy() throws InterruptedException {
		if (this.thread == null) {
			return;
		}
		this.stopping = true;
		this.thread.interrupt();
		this.thread.join(TimeUnit.SECONDS.toMillis(2));
	}

}
