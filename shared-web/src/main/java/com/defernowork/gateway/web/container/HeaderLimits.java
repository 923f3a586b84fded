package com.defernowork.gateway.web.container;

import org.apache.catalina.connector.Request;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.apache.tomcat.util.res.StringManager;

/**
 * Which of its header limits Tomcat refused a request for: it answers 400 as for any
 * header it cannot parse, and says which only in its exception's message.
 */
final class HeaderLimits {

	/** Tomcat's own words, in its locale, for headers over the connector's buffer. */
	private static final String TOO_LARGE = StringManager.getManager("org.apache.coyote.http11")
		.getString("iib.requestheadertoolarge.error");

	private HeaderLimits() {
	}

	/**
	 * The {@code maxHeaderCount} the request went over, or -1 when that is not why it was
	 * refused: Tomcat stops reading the headers at exactly that many, with an
	 * {@link IllegalStateException}.
	 */
	static int countExceeded(Request request, Throwable refusal) {
		AbstractHttp11Protocol<?> http = http(request);
		if (!(refusal instanceof IllegalStateException) || http == null) {
			return -1;
		}
		int limit = http.getMaxHeaderCount();
		return (limit >= 0 && request.getCoyoteRequest().getMimeHeaders().size() >= limit) ? limit : -1;
	}

	/**
	 * The {@code maxHttpRequestHeaderSize} in bytes the request line and headers went
	 * over, or -1 when that is not why it was refused.
	 */
	static int sizeExceeded(Request request, Throwable refusal) {
		AbstractHttp11Protocol<?> http = http(request);
		if (!(refusal instanceof IllegalArgumentException) || http == null || !TOO_LARGE.equals(refusal.getMessage())) {
			return -1;
		}
		return http.getMaxHttpRequestHeaderSize();
	}

	private static AbstractHttp11Protocol<?> http(Request request) {
		return (request.getConnector() != null
				&& request.getConnector().getProtocolHandler() instanceof AbstractHttp11Protocol<?> http) ? http : null;
	}

}
