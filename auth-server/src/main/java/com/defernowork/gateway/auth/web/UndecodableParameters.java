package com.defernowork.gateway.auth.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.defernowork.gateway.web.error.ErrorDescription;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads the parameters before anything else asks for one: a query or form the container
 * cannot decode, or a form larger than it reads, is the client's mistake, answered 400
 * (413) here (rendered by the error controller), not an exception thrown from whichever
 * endpoint reads a parameter first, which the container would log as a server error.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
final class UndecodableParameters extends OncePerRequestFilter {

	private static final Logger logger = LoggerFactory.getLogger(UndecodableParameters.class);

	private static final String UNREADABLE = "The query or form cannot be read: a percent-encoding that is not a % "
			+ "with two hex digits, bytes that are not UTF-8 (or of the charset sent), or more parameters than this "
			+ "server reads";

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			request.getParameterMap();
		}
		catch (InvalidParameterException ex) {
			if (logger.isDebugEnabled()) {
				logger.debug("Refused undecodable parameters: {}", withoutValue(ex.getMessage()));
			}
			if (response.isCommitted()) {
				// a body the container could not read (malformed chunked framing): it
				// has taken the answer, 400, itself
				return;
			}
			// the container's own status where it gives one: 413 for a form over
			// server.tomcat.max-http-form-post-size
			int status = (ex.getErrorCode() >= 400 && ex.getErrorCode() < 500) ? ex.getErrorCode()
					: HttpServletResponse.SC_BAD_REQUEST;
			if (status == HttpServletResponse.SC_BAD_REQUEST) {
				ErrorDescription.set(request, UNREADABLE);
			}
			response.sendError(status);
			return;
		}
		chain.doFilter(request, response);
	}

	/**
	 * The container's message up to the value it quotes, which may be a live credential
	 * (a refresh token or client secret with one stray byte is refused, so stays valid).
	 */
	private static String withoutValue(String message) {
		return String.valueOf(message).replaceFirst("(?s) with value \\[.*", " (its value is not logged)");
	}

}
