package com.defernowork.gateway.web.trace;

import java.io.IOException;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every answer the request's trace id, the first half of its log lines'
 * {@code [traceId-spanId]}, in {@value #NAME}: what a client, a person or nginx's access
 * log sees leads the operator to the log lines of that request, on whichever replica
 * served it. Set before the request is served, so that an answer written anywhere (a 401,
 * a 503, a stream) carries it; set again after a reset, and in the error dispatch that
 * renders an error page, which also finds the id in the request attribute
 * {@value #ATTRIBUTE} to show as a reference. An unsampled trace has an id as well: the
 * logs name it all the same.
 */
public final class TraceIdHeader extends OncePerRequestFilter {

	/** The response header. */
	public static final String NAME = "X-Trace-Id";

	/** The request attribute, for pages that show it as a reference. */
	public static final String ATTRIBUTE = "traceReference";

	private final Tracer tracer;

	TraceIdHeader(Tracer tracer) {
		this.tracer = tracer;
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String traceId = traceId(request);
		if (traceId == null) {
			chain.doFilter(request, response);
			return;
		}
		name(request, response, traceId);
		chain.doFilter(request, new HttpServletResponseWrapper(response) {

			@Override
			public void reset() {
				super.reset();
				setHeader(NAME, (String) request.getAttribute(ATTRIBUTE));
			}

		});
	}

	/**
	 * Names {@code traceId} as the answer's trace: for a request whose work continues a
	 * trace its body names (an MCP request's {@code _meta}), whose log lines carry that
	 * one from there on.
	 */
	public static void name(HttpServletRequest request, HttpServletResponse response, String traceId) {
		request.setAttribute(ATTRIBUTE, traceId);
		response.setHeader(NAME, traceId);
	}

	/**
	 * The current span's, or in the error dispatch (outside the observation's scope) the
	 * one the request was given.
	 */
	private String traceId(HttpServletRequest request) {
		if (request.getDispatcherType() == DispatcherType.ERROR) {
			return (request.getAttribute(ATTRIBUTE) instanceof String given) ? given : null;
		}
		Span span = this.tracer.currentSpan();
		String traceId = (span != null) ? span.context().traceId() : null;
		return (traceId != null && !traceId.isEmpty()) ? traceId : null;
	}

}
