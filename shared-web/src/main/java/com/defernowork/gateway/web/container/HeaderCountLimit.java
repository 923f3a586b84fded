package com.defernowork.gateway.web.container;

import org.apache.catalina.connector.Request;
import org.apache.coyote.http11.AbstractHttp11Protocol;

/**
 * Whether Tomcat refused a request for having more header fields than its connector's
 * {@code maxHeaderCount}: it answers 400 as for any header it cannot parse, and says
 * which only in its exception's localised message; but it stops reading the headers at
 * exactly that many, with an {@link IllegalStateException}.
 */
final class HeaderCountLimit {

	private HeaderCountLimit() {
	}

	/** The limit the request went over, or -1 when that is not why it was refused. */
	static int exceeded(Request request, Throwable refusal) {
		if (!(refusal instanceof IllegalStateException) || request.getConnector() == null
				|| !(request.getConnector().getProtocolHandler() instanceof AbstractHttp11Protocol<?> http)) {
			return -1;
		}
		int limit = http.getMaxHeaderCount();
		return (limit >= 0 && request.getCoyoteRequest().getMimeHeaders().size() >= limit) ? limit : -1;
	}

}
