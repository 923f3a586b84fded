package com.defernowork.gateway.web.trace;

import java.io.IOException;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;

import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Names the request's trace in its log lines when nothing else does: Boot stops passing
 * span changes to the logging context as the application context starts to close, before
 * the drain answers its last requests, whose lines then named no trace (or a trace an
 * earlier request on the thread left behind). Until then the logging context names the
 * request's span, and this does nothing; it hears of the close right after Boot, before
 * the drain.
 */
final class RequestTraceInLogs extends OncePerRequestFilter
		implements ApplicationListener<ContextClosedEvent>, Ordered {

	/** The keys of Boot's log pattern, which Micrometer's logging listener sets. */
	static final String TRACE_ID = "traceId";

	static final String SPAN_ID = "spanId";

	private final Tracer tracer;

	private volatile boolean closing;

	RequestTraceInLogs(Tracer tracer) {
		this.tracer = tracer;
	}

	@Override
	public void onApplicationEvent(ContextClosedEvent event) {
		this.closing = true;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 1;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Span span = this.closing ? this.tracer.currentSpan() : null;
		TraceContext current = (span != null) ? span.context() : null;
		if (current == null || current.spanId().isEmpty() || current.spanId().equals(MDC.get(SPAN_ID))) {
			chain.doFilter(request, response);
			return;
		}
		MDC.put(TRACE_ID, current.traceId());
		MDC.put(SPAN_ID, current.spanId());
		try {
			chain.doFilter(request, response);
		}
		finally {
			MDC.remove(TRACE_ID);
			MDC.remove(SPAN_ID);
		}
	}

}
