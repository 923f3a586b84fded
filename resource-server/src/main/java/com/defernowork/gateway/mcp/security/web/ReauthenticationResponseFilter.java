package com.defernowork.gateway.mcp.security.web;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;

import com.defernowork.gateway.mcp.security.BearerChallenges;
import com.defernowork.gateway.mcp.security.ReauthenticationSignal;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.springframework.http.HttpMethod;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Replaces the MCP server's answer to a POST by a 401 {@code invalid_token} when a tool
 * found the grant dead upstream ({@link ReauthenticationSignal}): the client then signs
 * in again instead of showing the same tool error forever. The answer is written only
 * once the tool is done, so the signal is looked at when its body begins: the answer goes
 * straight through, never held in a second copy (a list of a few hundred items is
 * megabytes). Streamed (async) answers pass through untouched.
 */
public final class ReauthenticationResponseFilter extends OncePerRequestFilter {

	private final BearerChallenges challenges;

	public ReauthenticationResponseFilter(BearerChallenges challenges) {
		this.challenges = challenges;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !HttpMethod.POST.matches(request.getMethod());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		SignalChecked checked = new SignalChecked(request, response);
		try {
			chain.doFilter(request, checked);
		}
		finally {
			// an answer without a body is looked at now
			checked.bodyBegins();
		}
	}

	/** The answer, or the 401 in its place once its body begins. */
	private final class SignalChecked extends HttpServletResponseWrapper {

		private final HttpServletRequest request;

		private Boolean replaced;

		SignalChecked(HttpServletRequest request, HttpServletResponse response) {
			super(response);
			this.request = request;
		}

		/** Whether the answer was replaced, deciding it the first time. */
		boolean bodyBegins() throws IOException {
			if (this.replaced == null) {
				String why = ReauthenticationSignal.raised(this.request);
				this.replaced = why != null && !this.request.isAsyncStarted() && !isCommitted();
				if (this.replaced) {
					HttpServletResponse response = (HttpServletResponse) getResponse();
					response.resetBuffer();
					ReauthenticationResponseFilter.this.challenges.writeInvalidToken(response, why);
					// committed: a status or header the server sets after this is ignored
					response.flushBuffer();
				}
			}
			return this.replaced;
		}

		@Override
		public ServletOutputStream getOutputStream() throws IOException {
			return bodyBegins() ? Discarded.STREAM : super.getOutputStream();
		}

		@Override
		public PrintWriter getWriter() throws IOException {
			return bodyBegins() ? new PrintWriter(Writer.nullWriter()) : super.getWriter();
		}

		@Override
		public void flushBuffer() throws IOException {
			if (!bodyBegins()) {
				super.flushBuffer();
			}
		}

	}

	/** Where the replaced answer goes. */
	private static final class Discarded extends ServletOutputStream {

		static final Discarded STREAM = new Discarded();

		@Override
		public void write(int b) {
		}

		@Override
		public void write(byte[] bytes, int offset, int length) {
		}

		@Override
		public boolean isReady() {
			return true;
		}

		@Override
		public void setWriteListener(WriteListener listener) {
		}

	}

}
