package com.defernowork.gateway.web.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.classic.ExecRuntime;
import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;
import org.apache.hc.core5.http.protocol.HttpContext;

import com.defernowork.gateway.web.http.DeadlineExceededException.Stage;

/**
 * Ends a request at its deadline whatever the server does: HttpClient bounds the wait for
 * a pooled connection, each connect attempt and each read, never an exchange as a whole,
 * so a server (or proxy) trickling its headers or body a few bytes at a time, or a name
 * whose addresses each take the connect timeout, would keep a request going for as long
 * as it likes. Two deadlines, the sooner one ends the request: the end of the time its
 * caller has left, if it said, and, once the request is being sent, the read timeout for
 * its whole answer. At the deadline the request is cancelled with HttpClient's own abort,
 * which closes its connection wherever it is (connecting, sending, reading) and gives its
 * pool entry back; the caller gets a {@link DeadlineExceededException}. The timer is
 * written here because HttpClient's classic API has the abort but nothing that calls it.
 * Two handlers of HttpClient's execution chain: {@link #handler()} first of all, and
 * {@link #sending()} just before the request is written, so that a request ended before
 * that is known not to have been sent.
 */
public final class ExchangeDeadline {

	public static final String NAME = "deadline";

	public static final String SENDING_NAME = "deadline-sending";

	private static final String DEADLINE = ExchangeDeadline.class.getName() + ".deadline";

	private static final String EXCHANGE = ExchangeDeadline.class.getName() + ".exchange";

	/** One daemon thread for every pending deadline: its only work is a cancel. */
	private static final ScheduledThreadPoolExecutor ALARMS = alarms();

	private ExchangeDeadline() {
	}

	/**
	 * Gives the request run with {@code context} its deadlines.
	 * @param timeLeft the caller's time from now, null for no such bound
	 * @param readTimeout the bound on the answer, from the moment the request is sent
	 */
	public static void set(HttpContext context, Duration timeLeft, Duration readTimeout) {
		Long callersEnd = (timeLeft != null) ? System.nanoTime() + timeLeft.toNanos() : null;
		context.setAttribute(DEADLINE, new Deadline(callersEnd, readTimeout));
	}

	/** The handler that ends the exchange at its deadline: first in the chain. */
	public static ExecChainHandler handler() {
		return ExchangeDeadline::execute;
	}

	/**
	 * The handler that notes that the request is about to be written: just before
	 * {@code MAIN_TRANSPORT}, after the connection is open.
	 */
	public static ExecChainHandler sending() {
		return (request, scope, chain) -> {
			if (scope.clientContext.getAttribute(EXCHANGE) instanceof Exchange exchange) {
				exchange.sending();
			}
			return chain.proceed(request, scope);
		};
	}

	private static ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
			throws IOException, HttpException {
		if (!(scope.clientContext.getAttribute(DEADLINE) instanceof Deadline deadline)
				|| !(scope.originalRequest instanceof Cancellable cancellable)) {
			return chain.proceed(request, scope);
		}
		Exchange exchange = new Exchange(deadline, cancellable, scope.execRuntime);
		scope.clientContext.setAttribute(EXCHANGE, exchange);
		exchange.start();
		ClassicHttpResponse response;
		try {
			response = chain.proceed(request, scope);
		}
		catch (IOException | HttpException | RuntimeException ex) {
			// a cancel shows up as whatever the step it cut short throws
			DeadlineExceededException cut = exchange.end(ex);
			if (cut != null) {
				throw cut;
			}
			throw ex;
		}
		exchange.answering();
		HttpEntity entity = response.getEntity();
		if (entity == null) {
			exchange.end(null);
		}
		else {
			response.setEntity(new BoundedEntity(entity, exchange));
		}
		return response;
	}

	/** Deadlines still pending: requests under way (and none of one that ended). */
	public static int pending() {
		return ALARMS.getQueue().size();
	}

	private static ScheduledThreadPoolExecutor alarms() {
		ScheduledThreadPoolExecutor alarms = new ScheduledThreadPoolExecutor(1,
				Thread.ofPlatform().daemon().name("http-deadline").factory());
		// a request that ends in time takes its alarm out of the queue at once
		alarms.setRemoveOnCancelPolicy(true);
		return alarms;
	}

	/**
	 * @param callersEnd when the caller's time ends ({@link System#nanoTime()}), null if
	 * it set none
	 */
	private record Deadline(Long callersEnd, Duration readTimeout) {
	}

	/**
	 * One request's way to its deadline. The alarm runs under this object's lock, so a
	 * caller whose read its cancel broke learns what was cut once the cancel is done.
	 */
	private static final class Exchange implements Runnable {

		private final Deadline deadline;

		private final Cancellable request;

		private final ExecRuntime runtime;

		/** Set by the calling thread as the exchange goes. */
		private volatile Stage stage = Stage.WAITING_FOR_CONNECTION;

		/** Whether the alarm set is the caller's deadline (else the read timeout's). */
		private boolean callersTime;

		private ScheduledFuture<?> alarm;

		/** Where the alarm cut the exchange; null while it has not. */
		private Stage cut;

		private boolean ended;

		Exchange(Deadline deadline, Cancellable request, ExecRuntime runtime) {
			this.deadline = deadline;
			this.request = request;
			this.runtime = runtime;
		}

		/** Before a connection is asked for: only the caller's time bounds that. */
		synchronized void start() {
			if (this.deadline.callersEnd() != null) {
				arm(this.deadline.callersEnd(), true);
			}
		}

		/**
		 * The request is about to be written: from now on the read timeout bounds the
		 * exchange too.
		 */
		void sending() {
			this.stage = Stage.AWAITING_ANSWER;
			long readEnd = System.nanoTime() + this.deadline.readTimeout().toNanos();
			synchronized (this) {
				Long callersEnd = this.deadline.callersEnd();
				if (this.cut == null && (callersEnd == null || readEnd - callersEnd < 0)) {
					if (this.alarm != null) {
						this.alarm.cancel(false);
					}
					arm(readEnd, false);
				}
			}
		}

		void answering() {
			this.stage = Stage.READING_ANSWER;
		}

		private void arm(long end, boolean callers) {
			this.callersTime = callers;
			this.alarm = ALARMS.schedule(this, end - System.nanoTime(), TimeUnit.NANOSECONDS);
		}

		/** The alarm: the deadline has come. */
		@Override
		public synchronized void run() {
			if (this.ended || this.cut != null) {
				return;
			}
			// before the cancel, which gives the endpoint up
			boolean leased = this.runtime.isEndpointAcquired();
			try {
				this.request.cancel();
			}
			finally {
				// after the cancel: HttpClient checks for one before it writes, so a
				// request that was not being sent by now never is
				Stage reached = this.stage;
				this.cut = (reached == Stage.WAITING_FOR_CONNECTION && leased) ? Stage.CONNECTING : reached;
			}
		}

		/**
		 * The exchange is over: its alarm is called off.
		 * @return the deadline that ended it, caused by {@code ex}; null if none did
		 */
		synchronized DeadlineExceededException end(Throwable ex) {
			this.ended = true;
			if (this.alarm != null) {
				this.alarm.cancel(false);
			}
			return cutShort(ex);
		}

		/** {@code ex}, or the deadline that caused it. */
		synchronized IOException translated(IOException ex) {
			DeadlineExceededException cutShort = cutShort(ex);
			return (cutShort != null && !(ex instanceof DeadlineExceededException)) ? cutShort : ex;
		}

		/** Runs a step of reading the answer, failing as the deadline that cut it. */
		<T> T reading(Step<T> step) throws IOException {
			try {
				return step.run();
			}
			catch (IOException ex) {
				throw translated(ex);
			}
		}

		private DeadlineExceededException cutShort(Throwable ex) {
			return (this.cut != null) ? new DeadlineExceededException(this.cut, this.callersTime, ex) : null;
		}

	}

	/** A step of reading the answer. */
	@FunctionalInterface
	private interface Step<T> {

		T run() throws IOException;

	}

	/**
	 * The answer's body, still under the deadline until it is closed: closing an
	 * unfinished body reads the rest of it, so that the connection can be used again.
	 */
	private static final class BoundedEntity extends HttpEntityWrapper {

		private final Exchange exchange;

		BoundedEntity(HttpEntity entity, Exchange exchange) {
			super(entity);
			this.exchange = exchange;
		}

		@Override
		public InputStream getContent() throws IOException {
			return this.exchange.reading(() -> new BoundedStream(super.getContent(), this.exchange));
		}

		@Override
		public void writeTo(OutputStream out) throws IOException {
			this.exchange.reading(() -> {
				super.writeTo(out);
				return null;
			});
		}

		@Override
		public void close() throws IOException {
			try {
				this.exchange.reading(() -> {
					super.close();
					return null;
				});
			}
			finally {
				this.exchange.end(null);
			}
		}

	}

	private static final class BoundedStream extends FilterInputStream {

		private final Exchange exchange;

		BoundedStream(InputStream in, Exchange exchange) {
			super(in);
			this.exchange = exchange;
		}

		@Override
		public int read() throws IOException {
			return this.exchange.reading(super::read);
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			return this.exchange.reading(() -> super.read(b, off, len));
		}

		@Override
		public long skip(long n) throws IOException {
			return this.exchange.reading(() -> super.skip(n));
		}

		@Override
		public int available() throws IOException {
			return this.exchange.reading(super::available);
		}

		@Override
		public void close() throws IOException {
			this.exchange.reading(() -> {
				super.close();
				return null;
			});
		}

	}

}
