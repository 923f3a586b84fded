package com.defernowork.gateway.mcp.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.defernowork.gateway.mcp.deferno.client.CallCancellation;

/**
 * An MCP 2026-07-28 answer that becomes an event stream once it is slow: MCP takes a
 * closed response stream as the client's cancellation, and the servlet container notices
 * a closed connection only when it writes to it. A request {@link #arm(JsonNode) armed}
 * whose answer has not begun after {@link #STREAM_AFTER} is answered {@code 200
 * text/event-stream} at once, then sent an SSE comment every {@link #KEEP_ALIVE}; when
 * one cannot be written, the client has gone and the request's {@link CallCancellation}
 * is asked for, so its further Deferno calls are not sent. The answer, written by the MCP
 * server as JSON whenever it is done, goes out as the stream's one {@code message} event
 * (its status and headers are dropped: a JSON-RPC error is one the client reads as such).
 * A fast answer passes through untouched. Written here because neither the container nor
 * the MCP SDK turns a plain answer into a stream part-way.
 */
final class SlowAnswer extends HttpServletResponseWrapper {

	static final Duration STREAM_AFTER = Duration.ofSeconds(1);

	/**
	 * A closed connection fails the second write after it closes (the first only draws
	 * the peer's reset), so the client's leaving is noticed within two of these: short,
	 * so that little of a cancelled call goes on (a comment is three bytes); two sweeps,
	 * as the sweep only sees it due then.
	 */
	static final Duration KEEP_ALIVE = Duration.ofMillis(200);

	private static final Logger logger = LoggerFactory.getLogger(SlowAnswer.class);

	private static final String ATTRIBUTE = SlowAnswer.class.getName();

	private static final byte[] KEEP_ALIVE_FRAME = ":\n\n".getBytes(StandardCharsets.US_ASCII);

	/** How often the armed and streaming answers are looked at. */
	private static final Duration SWEEP = Duration.ofMillis(100);

	/**
	 * The armed and streaming answers. One sweep looks at them all, rather than a timer
	 * per answer: scheduling and cancelling one for every request woke the timer thread
	 * thousands of times a second under load (a quarter of the 2026-07-28 throughput in
	 * the bench).
	 */
	private static final Set<SlowAnswer> WATCHED = ConcurrentHashMap.newKeySet();

	static {
		Thread.ofPlatform().daemon().name("mcp-slow-answers").start(() -> {
			while (true) {
				try {
					Thread.sleep(SWEEP);
				}
				catch (InterruptedException ex) {
					return;
				}
				long now = System.nanoTime();
				WATCHED.forEach((answer) -> {
					try {
						answer.tick(now);
					}
					catch (RuntimeException ex) {
						// one answer's trouble (a response the container took back) must
						// not end the sweep of the others
						logger.warn("A slow answer could not be streamed: {}", ex.toString());
						WATCHED.remove(answer);
					}
				});
			}
		});
	}

	private final HttpServletResponse response;

	private final CallCancellation cancellation = new CallCancellation();

	/** Guards the state and every use of the response the client reads. */
	private final ReentrantLock lock = new ReentrantLock();

	private State state = State.WAITING;

	private JsonNode id;

	/** When the switch, or the next comment, is due ({@link System#nanoTime()}). */
	private long due;

	private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

	private PrintWriter capturedWriter;

	SlowAnswer(HttpServletRequest request, HttpServletResponse response) {
		super(response);
		this.response = response;
		request.setAttribute(ATTRIBUTE, this);
	}

	/** The slow answer of {@code request}, or null for a request not given one. */
	static SlowAnswer of(HttpServletRequest request) {
		return (request.getAttribute(ATTRIBUTE) instanceof SlowAnswer answer) ? answer : null;
	}

	CallCancellation cancellation() {
		return this.cancellation;
	}

	/**
	 * Lets the answer become a stream if it has not begun in {@link #STREAM_AFTER}.
	 * @param id the request's id, for the error sent if the server ends without an answer
	 */
	void arm(JsonNode id) {
		this.lock.lock();
		try {
			if (this.state == State.WAITING) {
				this.id = id;
				this.state = State.ARMED;
				this.due = System.nanoTime() + STREAM_AFTER.toNanos();
				WATCHED.add(this);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Ends the answer: a stream gets the server's answer as its event (or an internal
	 * error when there was none).
	 */
	void finish() {
		this.lock.lock();
		try {
			unwatch();
			if (this.state != State.STREAMING) {
				// a switch already waiting for the lock must find nothing to do
				this.state = State.DIRECT;
				return;
			}
			this.state = State.ENDED;
			if (this.cancellation.isAsked()) {
				return;
			}
			if (this.capturedWriter != null) {
				this.capturedWriter.flush();
			}
			String json = this.captured.toString(StandardCharsets.UTF_8).strip();
			if (json.isEmpty()) {
				json = JsonMapper.shared()
					.writeValueAsString(
							JsonRpcErrors.error(this.id, JsonRpcErrors.INTERNAL_ERROR, "Internal error", null));
			}
			ServletOutputStream out = this.response.getOutputStream();
			out.write(EventStream.message(json));
			out.flush();
		}
		catch (IOException ex) {
			logger.debug("The client left before its streamed answer was written: {}", ex.toString());
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * The sweep: switches an answer not begun in time, or sends a stream its comment,
	 * when due. An answer busy with its own writing is looked at again on the next sweep.
	 */
	private void tick(long now) {
		if (!this.lock.tryLock()) {
			return;
		}
		try {
			if (now - this.due < 0) {
				return;
			}
			this.due = now + KEEP_ALIVE.toNanos();
			if (this.state == State.ARMED) {
				startStream();
			}
			else if (this.state == State.STREAMING && !this.cancellation.isAsked()) {
				keepAlive();
			}
			else {
				unwatch();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Answers as an event stream: the answer has not begun in time. Called holding the
	 * lock.
	 */
	private void startStream() {
		try {
			if (this.response.isCommitted()) {
				unwatch();
				return;
			}
			this.state = State.STREAMING;
			this.response.resetBuffer();
			EventStream.begin(this.response);
			this.response.flushBuffer();
		}
		catch (IOException ex) {
			clientGone(ex);
		}
	}

	/** Sends a stream its comment. Called holding the lock. */
	private void keepAlive() {
		try {
			ServletOutputStream out = this.response.getOutputStream();
			out.write(KEEP_ALIVE_FRAME);
			out.flush();
		}
		catch (IOException ex) {
			clientGone(ex);
		}
	}

	/** Drops what the server wrote of its answer so far, its writer's buffer included. */
	private void discardCaptured() {
		if (this.capturedWriter != null) {
			this.capturedWriter.flush();
		}
		this.captured.reset();
	}

	private void clientGone(IOException ex) {
		// the client has gone: the request is cancelled, and nothing more is written
		this.cancellation.ask();
		unwatch();
		logger.debug("The client closed the stream of a slow answer (cancelling the request): {}", ex.toString());
	}

	/** Takes the answer out of the sweep: nothing is due any more. */
	private void unwatch() {
		WATCHED.remove(this);
	}

	/**
	 * Whether the server's own answer is kept for the event: the stream began. Otherwise
	 * what the caller does goes straight to the client, and once armed it is the answer
	 * beginning (its status, a header, a reset, a body write, a flush or an error): no
	 * stream may start after that, which would stream with the answer's Content-Length,
	 * or lose a 401 set in its place.
	 * @param body whether the answer's body is written, which ends the wait before the
	 * request is armed too
	 */
	private boolean capturing(boolean body) {
		if (this.state == State.STREAMING || this.state == State.ENDED) {
			return true;
		}
		if (body || this.state == State.ARMED) {
			unwatch();
			this.state = State.DIRECT;
		}
		return false;
	}

	/** Runs a change of the status or a header unless the stream has begun. */
	private void head(Runnable change) {
		this.lock.lock();
		try {
			if (!capturing(false)) {
				change.run();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public boolean isCommitted() {
		this.lock.lock();
		try {
			return this.state == State.STREAMING || this.state == State.ENDED || this.response.isCommitted();
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public ServletOutputStream getOutputStream() throws IOException {
		this.lock.lock();
		try {
			return capturing(true) ? new CapturedStream() : this.response.getOutputStream();
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public PrintWriter getWriter() throws IOException {
		this.lock.lock();
		try {
			if (!capturing(true)) {
				return this.response.getWriter();
			}
			if (this.capturedWriter == null) {
				this.capturedWriter = new PrintWriter(new OutputStreamWriter(this.captured, StandardCharsets.UTF_8));
			}
			return this.capturedWriter;
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public void flushBuffer() throws IOException {
		this.lock.lock();
		try {
			if (!capturing(true)) {
				this.response.flushBuffer();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public void sendError(int status) throws IOException {
		sendError(status, null);
	}

	@Override
	public void sendError(int status, String message) throws IOException {
		this.lock.lock();
		try {
			// a stream has no status: the event says "Internal error" with the id
			if (!capturing(true)) {
				if (message != null) {
					this.response.sendError(status, message);
				}
				else {
					this.response.sendError(status);
				}
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public void reset() {
		this.lock.lock();
		try {
			if (capturing(false)) {
				discardCaptured();
			}
			else {
				this.response.reset();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public void resetBuffer() {
		this.lock.lock();
		try {
			if (capturing(false)) {
				discardCaptured();
			}
			else {
				this.response.resetBuffer();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public void setStatus(int status) {
		head(() -> this.response.setStatus(status));
	}

	@Override
	public void setHeader(String name, String value) {
		head(() -> this.response.setHeader(name, value));
	}

	@Override
	public void addHeader(String name, String value) {
		head(() -> this.response.addHeader(name, value));
	}

	@Override
	public void setIntHeader(String name, int value) {
		head(() -> this.response.setIntHeader(name, value));
	}

	@Override
	public void addIntHeader(String name, int value) {
		head(() -> this.response.addIntHeader(name, value));
	}

	@Override
	public void setDateHeader(String name, long date) {
		head(() -> this.response.setDateHeader(name, date));
	}

	@Override
	public void addDateHeader(String name, long date) {
		head(() -> this.response.addDateHeader(name, date));
	}

	@Override
	public void setContentType(String type) {
		head(() -> this.response.setContentType(type));
	}

	@Override
	public void setCharacterEncoding(String charset) {
		head(() -> this.response.setCharacterEncoding(charset));
	}

	@Override
	public void setContentLength(int length) {
		head(() -> this.response.setContentLength(length));
	}

	@Override
	public void setContentLengthLong(long length) {
		head(() -> this.response.setContentLengthLong(length));
	}

	private enum State {

		/** Not armed: passes through. */
		WAITING,
		/** May become a stream when the sweep finds it due. */
		ARMED,
		/** The answer began in time: passes through. */
		DIRECT,
		/** An event stream: the server's answer is kept for the event. */
		STREAMING,
		/** The stream's event is sent. */
		ENDED

	}

	/** The server's answer, kept while the stream runs. */
	private final class CapturedStream extends ServletOutputStream {

		@Override
		public void write(int b) {
			SlowAnswer.this.captured.write(b);
		}

		@Override
		public void write(byte[] bytes, int offset, int length) {
			SlowAnswer.this.captured.write(bytes, offset, length);
		}

		@Override
		public boolean isReady() {
			return true;
		}

		@Override
		public void setWriteListener(WriteListener listener) {
			throw new UnsupportedOperationException("an answer kept for its event is written at once");
		}

	}

}
