package com.defernowork.gateway.mcp.http;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A refusal a filter ahead of the MCP endpoint found (a scope the token lacks), given by
 * the endpoint only once it has found nothing more basic wrong with the request, at the
 * one place where a request goes on to be served: a client told to re-authorize for a
 * request it would then get a 400 for would have the person approve for nothing.
 */
public final class PendingRefusal {

	private static final String ATTRIBUTE = PendingRefusal.class.getName();

	private PendingRefusal() {
	}

	/** Holds {@code refusal} for the endpoint. */
	public static void hold(HttpServletRequest request, Writer refusal) {
		request.setAttribute(ATTRIBUTE, refusal);
	}

	/**
	 * Writes the refusal held for this request, if any.
	 * @return whether one was written: the request is then not served
	 */
	public static boolean give(HttpServletRequest request, HttpServletResponse response) throws IOException {
		if (!(request.getAttribute(ATTRIBUTE) instanceof Writer refusal)) {
			return false;
		}
		refusal.write(response);
		return true;
	}

	/** Writes a refusal. */
	@FunctionalInterface
	public interface Writer {

		void write(HttpServletResponse response) throws IOException;

	}

}
