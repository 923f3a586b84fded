package com.defernowork.gateway.web.shutdown;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.apache.catalina.connector.Connector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The first step of a shutdown (a context close), before the web server's graceful one:
 * the listening socket closes, so a proxy's new connections are refused (nginx sends the
 * request to another server, safely: it was never sent), while the connections already
 * open are served on with keep-alive off, each closed by its next answer (one sent during
 * the drain says {@code Connection: close}, also one whose request began before). Without
 * it the graceful shutdown closes connections a proxy keeps open to reuse, and a request
 * sent on one just then gets no answer; nginx does not send a POST again (it cannot know
 * whether it was served), so its client got a 503 for a request the server never saw. The
 * drain ends once no request has run for {@code quiet} (a connection idle all the while
 * is closed at the end, as before), or after at most {@code longest}. Once a request has
 * come on a kept-alive connection during the drain, a proxy still holds such connections,
 * and the quiet must outlast the time it leaves out a server it could not connect to
 * ({@code quietAfterUse}): a shorter quiet could be that pause alone, after which nginx
 * sent a POST on a connection just as the shutdown closed it.
 */
final class ConnectionDrain extends OncePerRequestFilter
		implements ApplicationListener<ContextClosedEvent>, ApplicationContextAware {

	private static final Logger logger = LoggerFactory.getLogger(ConnectionDrain.class);

	private static final Duration POLL = Duration.ofMillis(50);

	private final Duration quiet;

	private final Duration quietAfterUse;

	private final Duration longest;

	private final List<Connector> connectors = new CopyOnWriteArrayList<>();

	private final AtomicInteger running = new AtomicInteger();

	private final AtomicLong lastActive = new AtomicLong(System.nanoTime());

	private ApplicationContext context;

	private volatile boolean draining;

	private volatile boolean usedWhileDraining;

	ConnectionDrain(Duration quiet, Duration quietAfterUse, Duration longest) {
		this.quiet = quiet;
		this.quietAfterUse = quietAfterUse;
		this.longest = longest;
	}

	@Override
	public void setApplicationContext(ApplicationContext context) {
		this.context = context;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		this.running.incrementAndGet();
		if (this.draining) {
			this.usedWhileDraining = true;
		}
		try {
			chain.doFilter(request, new ClosingWhenDraining(response));
		}
		finally {
			closeWhenDraining(response);
			this.lastActive.set(System.nanoTime());
			this.running.decrementAndGet();
		}
	}

	/**
	 * An answer sent during the drain ends its connection, also one whose request began
	 * before: Tomcat turns keep-alive off only for requests read after the socket closed,
	 * and a proxy would keep the connection of an earlier one to reuse it, just as the
	 * shutdown closes it.
	 */
	private void closeWhenDraining(HttpServletResponse response) {
		if (this.draining && !response.isCommitted()) {
			response.setHeader(HttpHeaders.CONNECTION, "close");
		}
	}

	/**
	 * A connector of the application's server, which the drain closes to new connections.
	 */
	void add(Connector connector) {
		this.connectors.add(connector);
	}

	/**
	 * Published as this context starts to close, before any bean stops: on a close only,
	 * not on a stop that may start again (the test framework pauses cached contexts so),
	 * since the closed socket does not open again. A child context's close (the
	 * management server's) reaches here too and is not this one's.
	 */
	@Override
	public void onApplicationEvent(ContextClosedEvent event) {
		if (event.getApplicationContext() != this.context || this.draining) {
			return;
		}
		for (Connector connector : this.connectors) {
			connector.getProtocolHandler().closeServerSocketGraceful();
		}
		this.draining = true;
		// a request running now answers on a connection a proxy may hold on to (after
		// the flag: a request counted before it is seen here, one counted after sees it)
		int running = this.running.get();
		if (running > 0) {
			this.usedWhileDraining = true;
		}
		// the shutdown's first step, seconds before the server's own first line
		logger.info("Shutting down: new connections are refused; requests running: {}; the open connections are "
				+ "answered until they are quiet (at most {} s)", running, this.longest.toSeconds());
		long started = System.nanoTime();
		long until = started + this.longest.toNanos();
		while (System.nanoTime() < until && !isQuiet()) {
			try {
				Thread.sleep(POLL);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		logger.info("Connections drained in {} ms; the requests still running are given their time",
				Duration.ofNanos(System.nanoTime() - started).toMillis());
	}

	/**
	 * No request running and none for a while: a proxy refused new connections has moved
	 * its requests to the other servers (Tomcat's count of open connections is gone once
	 * the socket closes).
	 */
	private boolean isQuiet() {
		Duration needed = this.usedWhileDraining ? this.quietAfterUse : this.quiet;
		return this.running.get() == 0 && System.nanoTime() - this.lastActive.get() >= needed.toNanos();
	}

	boolean isDraining() {
		return this.draining;
	}

	/** Marks the answer as the connection's last when it starts during the drain. */
	private final class ClosingWhenDraining extends HttpServletResponseWrapper {

		ClosingWhenDraining(HttpServletResponse response) {
			super(response);
		}

		@Override
		public ServletOutputStream getOutputStream() throws IOException {
			closeWhenDraining(this);
			return super.getOutputStream();
		}

		@Override
		public PrintWriter getWriter() throws IOException {
			closeWhenDraining(this);
			return super.getWriter();
		}

		@Override
		public void flushBuffer() throws IOException {
			closeWhenDraining(this);
			super.flushBuffer();
		}

		@Override
		public void sendError(int status, String message) throws IOException {
			closeWhenDraining(this);
			super.sendError(status, message);
		}

		@Override
		public void sendError(int status) throws IOException {
			closeWhenDraining(this);
			super.sendError(status);
		}

		@Override
		public void sendRedirect(String location) throws IOException {
			closeWhenDraining(this);
			super.sendRedirect(location);
		}

	}

}
