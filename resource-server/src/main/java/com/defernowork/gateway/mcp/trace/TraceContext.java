package com.defernowork.gateway.mcp.trace;

import java.util.Optional;
import java.util.regex.Pattern;

import io.micrometer.context.ContextRegistry;

/**
 * The W3C trace context an MCP request carried in {@code params._meta}
 * ({@code traceparent}, {@code tracestate}), held for the thread that serves the request
 * so that calls to Deferno carry it on as HTTP headers. An invalid {@code traceparent} is
 * dropped, as W3C Trace Context says, and takes its {@code tracestate} with it.
 *
 * @param traceparent the {@code traceparent} header value
 * @param tracestate the {@code tracestate} header value, or {@code null}
 */
public record TraceContext(String traceparent, String tracestate) {

	public static final String TRACEPARENT = "traceparent";

	public static final String TRACESTATE = "tracestate";

	/** Version 00 layout; a higher version may append fields, which are kept. */
	private static final Pattern TRACEPARENT_FORMAT = Pattern
		.compile("[0-9a-f]{2}-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}(-[0-9a-zA-Z._-]+)?");

	/**
	 * W3C caps {@code tracestate} at 32 members; 512 characters is the size propagators
	 * must keep.
	 */
	private static final int TRACESTATE_MAX = 512;

	private static final Pattern TRACESTATE_FORMAT = Pattern.compile("[\\x20-\\x7e]*");

	private static final ThreadLocal<TraceContext> CURRENT = new ThreadLocal<>();

	/**
	 * The trace context of a request's {@code _meta} values, if they make a valid one.
	 * @param traceparent {@code _meta.traceparent}, or {@code null}
	 * @param tracestate {@code _meta.tracestate}, or {@code null}
	 */
	public static Optional<TraceContext> of(String traceparent, String tracestate) {
		if (traceparent == null || !TRACEPARENT_FORMAT.matcher(traceparent).matches() || traceparent.startsWith("ff")
				|| (traceparent.startsWith("00") && traceparent.length() != 55)) {
			// version ff is invalid, and version 00 has exactly four fields
			return Optional.empty();
		}
		boolean validState = tracestate != null && !tracestate.isBlank() && tracestate.length() <= TRACESTATE_MAX
				&& TRACESTATE_FORMAT.matcher(tracestate).matches();
		return Optional.of(new TraceContext(traceparent, validState ? tracestate : null));
	}

	/** The trace's id, as log lines name it. */
	public String traceId() {
		return this.traceparent.substring(3, 35);
	}

	/** The trace context of the request this thread serves. */
	public static Optional<TraceContext> current() {
		return Optional.ofNullable(CURRENT.get());
	}

	/** Runs {@code work} with this trace context current, and clears it afterwards. */
	public static void runWith(Optional<TraceContext> context, ThrowingRunnable work) throws java.io.IOException {
		context.ifPresent(CURRENT::set);
		try {
			work.run();
		}
		finally {
			CURRENT.remove();
		}
	}

	/**
	 * The current trace context carried to a thread that works for the same request, so
	 * that its calls to Deferno carry it too.
	 */
	public static void carriedBy(ContextRegistry registry) {
		registry.registerThreadLocalAccessor("deferno.trace-context", CURRENT);
	}

	/** Work that may fail with an I/O error, as writing a response may. */
	@FunctionalInterface
	public interface ThrowingRunnable {

		void run() throws java.io.IOException;

	}

}
