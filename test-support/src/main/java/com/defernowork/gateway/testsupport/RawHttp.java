package com.defernowork.gateway.testsupport;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One HTTP/1.1 exchange over a plain socket, as sent and as answered: what an HTTP client
 * would refuse to send (a malformed target) or hide (a body sent with a HEAD answer).
 */
public final class RawHttp {

	private RawHttp() {
	}

	/**
	 * The whole answer, status line to the last byte; {@code body}, if any, is sent with
	 * its {@code Content-Length}, or as it is with a {@code Transfer-Encoding} header.
	 */
	public static String exchange(URI base, String method, String target, Map<String, String> headers, String body)
			throws IOException {
		StringBuilder request = new StringBuilder(method).append(' ')
			.append(target)
			.append(" HTTP/1.1\r\nHost: ")
			.append(base.getAuthority())
			.append("\r\nConnection: close\r\n");
		headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
		if (body != null && !headers.containsKey("Transfer-Encoding")) {
			request.append("Content-Length: ").append(body.getBytes(StandardCharsets.UTF_8).length).append("\r\n");
		}
		request.append("\r\n").append((body != null) ? body : "");
		try (Socket socket = new Socket(base.getHost(), base.getPort())) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.UTF_8));
			return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	/** What follows the header section of an answer {@link #exchange} returned. */
	public static String body(String answer) {
		int end = answer.indexOf("\r\n\r\n");
		return (end < 0) ? "" : answer.substring(end + 4);
	}

}
