package com.defernowork.gateway.mcp.observe;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/**
 * Reports tool calls to the authorization server's {@code /internal/activity}, which
 * keeps each person's recent activity for the connected-apps page. The authorization
 * server owns everything stored about a person (in Redis or memory, as it is configured),
 * so the resource server stays stateless and needs no store of its own. Reports go out
 * after the call on one background thread with a bounded queue: a slow or absent
 * authorization server never delays a tool call, and when the queue is full a report is
 * dropped (the audit log still has the call).
 */
final class ActivityReporter implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(ActivityReporter.class);

	static final String PATH = "/internal/activity";

	private final RestClient authServer;

	private final ExecutorService sender;

	/**
	 * @param authServer authenticated as this server's client; {@code null} reports
	 * nothing (turned off)
	 */
	ActivityReporter(RestClient authServer, int queueSize) {
		this.authServer = authServer;
		this.sender = (authServer != null) ? new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
				new ArrayBlockingQueue<>(queueSize), Thread.ofPlatform().name("activity-reporter").daemon().factory(),
				new ThreadPoolExecutor.DiscardPolicy()) : null;
	}

	void report(String user, String client, String tool, String outcome, long durationMs) {
		if (this.authServer == null) {
			return;
		}
		Map<String, Object> call = new LinkedHashMap<>();
		call.put("user", user);
		call.put("client", client);
		call.put("tool", tool);
		call.put("outcome", outcome);
		call.put("duration_ms", durationMs);
		this.sender.execute(() -> send(call));
	}

	private void send(Map<String, Object> call) {
		try {
			this.authServer.post()
				.uri(PATH)
				.contentType(MediaType.APPLICATION_JSON)
				.body(call)
				.retrieve()
				.toBodilessEntity();
		}
		catch (RuntimeException ex) {
			// best effort: the audit log has every call; the reporting thread carries on
			logger.debug("Reporting a tool call to the authorization server failed: {}", ex.toString());
		}
	}

	@Override
	public void destroy() throws InterruptedException {
		if (this.sender == null) {
			return;
		}
		this.sender.shutdown();
		this.sender.awaitTermination(2, TimeUnit.SECONDS);
	}

}
