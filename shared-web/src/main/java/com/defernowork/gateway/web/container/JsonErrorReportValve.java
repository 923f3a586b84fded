package com.defernowork.gateway.web.container;

import java.io.IOException;
import java.io.Writer;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

import com.defernowork.gateway.web.ProtectiveHeaders;

/**
 * Tomcat's error report, in JSON with protective headers instead of its HTML page, for
 * what Tomcat refuses itself (an undecodable path such as {@code /%}, an encoded slash, a
 * malformed header, headers over its limits). Extends the valve Tomcat calls for these,
 * because no filter or error page of the application ever sees such a request.
 */
final class JsonErrorReportValve extends ErrorReportValve {

	private final ContainerErrorBody body;

	JsonErrorReportValve(ContainerErrorBody body) {
		this.body = body;
	}

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		// as the base class: only an error whose body nobody has written yet
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		int maxHeaderSize = (status == 400) ? HeaderLimits.sizeExceeded(request, throwable) : -1;
		if (maxHeaderSize >= 0) {
			// RFC 6585's status for exactly this, which Tomcat answers as a malformed 400
			status = 431;
			response.setStatus(status);
		}
		try {
			response.setContentType("application/json");
			response.setCharacterEncoding("UTF-8");
			ProtectiveHeaders.setOn(response);
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write(this.body.json(status, describe(request, status, throwable)));
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// the connection is gone or the response already committed: nothing to add
		}
	}

	/**
	 * The status's fixed sentence, or what Tomcat refused where it can be told from the
	 * rest of its 400s, which Tomcat itself says only in a log message.
	 */
	private static String describe(Request request, int status, Throwable throwable) {
		int maxHeaderCount = HeaderLimits.countExceeded(request, throwable);
		if (status == 400 && maxHeaderCount >= 0) {
			return "The request has more header fields than the " + maxHeaderCount + " this server accepts; send fewer";
		}
		int maxHeaderSize = HeaderLimits.sizeExceeded(request, throwable);
		if (status == 431 && maxHeaderSize >= 0) {
			return "The request's line and header fields together are larger than the " + maxHeaderSize
					+ " bytes this server accepts; send fewer or shorter ones";
		}
		return ContainerErrorBody.describe(status);
	}

}
