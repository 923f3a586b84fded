package com.defernowork.gateway.web.shutdown;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The first step of a shutdown, before the web server's graceful one: a while of serving
 * on with {@code Connection: close} on every answer. A proxy keeps idle connections open
 * to reuse, and a request it sends on one just as the shutdown closes it gets no answer;
 * nginx does not send a POST again (it cannot know whether it was served), so its client
 * got a 503 for a request the server never saw. A connection closed by its answer is
 * never reused. The drain ends once no request has run for a moment, or after at most
 * {@code longest}.
 */
final class ConnectionDrain extends OncePerRequestFilter implements SmartLifecycle {

	/** Before the web server's graceful shutdown ({@code DEFAULT_PHASE - 1024}). */
	static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

	private static final Duration POLL = Duration.ofMillis(50);

	private final Duration quiet;

	private final Duration longest;

	private final AtomicInteger running = new AtomicInteger();

	private final AtomicLong lastActive = new AtomicLong(System.nanoTime());

	private volatile boolean draining;

	private volatile boolean started;

	ConnectionDrain(Duration quiet, Duration longest) {
		this.quiet = quiet;
		this.longest = longest;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		this.running.incrementAndGet();
		try {
			if (this.draining && "HTTP/1.1".equals(request.getProtocol())) {
				// Tomcat closes the connection after this answer
				response.setHeader(HttpHeaders.CONNECTION, "close");
			}
			chain.doFilter(request, response);
		}
		finally {
			this.lastActive.set(System.nanoTime());
			this.running.decrementAndGet();
		}
	}

	@Override
	public void start() {
		this.started = true;
	}

	@Override
	public void stop() {
		this.draining = true;
		long until = System.nanoTime() + this.longest.toNanos();
		while (System.nanoTime() < until && !isQuiet()) {
			try {
				Thread.sleep(POLL);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		this.started = false;
	}

	private boolean isQuiet() {
		return this.running.get() == 0 && System.nanoTime() - this.lastActive.get() >= this.quiet.toNanos();
	}

	@Override
	public boolean isRunning() {
		return this.started;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	boolean isDraining() {
		return this.draining;
	}

}
