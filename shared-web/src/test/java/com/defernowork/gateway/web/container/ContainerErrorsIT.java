package com.defernowork.gateway.web.container;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import com.defernowork.gateway.web.HelloApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests Tomcat refuses before the application sees them, in a real Tomcat: JSON with
 * protective headers, not Tomcat's HTML page.
 */
@SpringBootTest(classes = HelloApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "server.address=127.0.0.1")
class ContainerErrorsIT {

	@LocalServerPort
	int port;

	@Test
	void requestWhenPathUndecodableOrSlashEncodedThenJson400WithProtectiveHeaders() throws IOException {
		for (String path : new String[] { "/%", "/a%2Fb", "/%zz" }) {
			String answer = raw("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
			assertThat(answer).as(path).startsWith("HTTP/1.1 400");
			assertJson(answer, path);
			assertThat(answer).as(path)
				.contains("{\"error\":\"invalid_request\",\"error_description\":\"The HTTP request is malformed");
		}
	}

	@Test
	void requestWhenHeaderHasAControlCharacterThenJson400() throws IOException {
		String answer = raw("GET /hello HTTP/1.1\r\nHost: localhost\r\nX-A: a\u0001b\r\nConnection: close\r\n\r\n");
		assertThat(answer).startsWith("HTTP/1.1 400");
		assertJson(answer, "control character");
	}

	/**
	 * Tomcat answers too many header fields with the 400 of a malformed one: said apart,
	 * with the limit; a request just within it is served.
	 */
	@Test
	void requestWhenMoreHeaderFieldsThanTheLimitThenJson400SayingSo() throws IOException {
		String answer = raw("GET /hello HTTP/1.1\r\nHost: localhost\r\n" + headers(500) + "Connection: close\r\n\r\n");
		assertThat(answer).startsWith("HTTP/1.1 400");
		assertJson(answer, "too many headers");
		assertThat(answer).endsWith("{\"error\":\"invalid_request\",\"error_description\":\"The request has more "
				+ "header fields than the 100 this server accepts; send fewer\",\"status\":400}");
		// with Host and Connection, Tomcat's default limit exactly
		String within = raw("GET /hello HTTP/1.1\r\nHost: localhost\r\n" + headers(98) + "Connection: close\r\n\r\n");
		assertThat(within).startsWith("HTTP/1.1 200");
		// a malformed header among few is still only malformed
		String malformed = raw("GET /hello HTTP/1.1\r\nHost: localhost\r\nX-A: a\u0001b\r\n" + headers(3)
				+ "Connection: close\r\n\r\n");
		assertThat(malformed).contains("The HTTP request is malformed");
	}

	/**
	 * Tomcat answers headers over its size limit with the 400 of a malformed one: 431,
	 * with the limit, whether one header is too long or several together are.
	 */
	@Test
	void requestWhenHeadersLargerThanTheLimitThenJson431SayingSo() throws IOException {
		String expected = "{\"error\":\"invalid_request\",\"error_description\":\"The request's line and header "
				+ "fields together are larger than the 8192 bytes this server accepts; send fewer or shorter ones\","
				+ "\"status\":431}";
		String one = raw("GET /hello HTTP/1.1\r\nHost: localhost\r\nCookie: " + "c".repeat(9000)
				+ "\r\nConnection: close\r\n\r\n");
		assertThat(one).startsWith("HTTP/1.1 431");
		assertJson(one, "one long header");
		assertThat(one).endsWith(expected);
		String several = raw("GET /hello HTTP/1.1\r\nHost: localhost\r\nX-A: " + "a".repeat(3000) + "\r\nX-B: "
				+ "b".repeat(3000) + "\r\nX-C: " + "c".repeat(3000) + "\r\nConnection: close\r\n\r\n");
		assertThat(several).startsWith("HTTP/1.1 431").endsWith(expected);
		String within = raw(
				"GET /hello HTTP/1.1\r\nHost: localhost\r\nX-A: " + "a".repeat(7000) + "\r\nConnection: close\r\n\r\n");
		assertThat(within).startsWith("HTTP/1.1 200");
	}

	private static String headers(int count) {
		StringBuilder headers = new StringBuilder();
		for (int i = 0; i < count; i++) {
			headers.append("X-H").append(i).append(": v\r\n");
		}
		return headers.toString();
	}

	@Test
	void requestWhenServedByTheApplicationThenItsOwnAnswer() throws IOException {
		String answer = raw("GET /hello HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
		assertThat(answer).startsWith("HTTP/1.1 200").endsWith("hello");
	}

	private static void assertJson(String answer, String what) {
		String headers = answer.substring(0, answer.indexOf("\r\n\r\n")).toLowerCase();
		assertThat(headers).as(what)
			.contains("content-type: application/json", "x-content-type-options: nosniff", "cache-control: no-store",
					"x-frame-options: deny", "content-security-policy: default-src 'none'");
		assertThat(answer).as(what).doesNotContain("<html", "Tomcat", "Exception");
	}

	private String raw(String request) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(5000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
