package com.defernowork.gateway.auth.upstream;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;

import com.sun.net.httpserver.HttpServer;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * Upstream answers over real HTTP through HttpClient with the limit: read whole up to it,
 * refused past it, whether the length is announced or the body streams in chunks.
 */
class AnswerSizeLimitTests {

	private HttpServer server;

	private final CloseableHttpClient http = HttpClients.custom()
		.addExecInterceptorFirst(AnswerSizeLimit.NAME, AnswerSizeLimit.handler())
		.build();

	@BeforeEach
	void start() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/", (exchange) -> {
			String[] query = exchange.getRequestURI().getQuery().split("&");
			int size = Integer.parseInt(query[0].substring("size=".length()));
			boolean chunked = query.length > 1;
			exchange.sendResponseHeaders(200, chunked ? 0 : size);
			try (OutputStream body = exchange.getResponseBody()) {
				byte[] block = new byte[8192];
				for (int sent = 0; sent < size; sent += block.length) {
					body.write(block, 0, Math.min(block.length, size - sent));
				}
			}
		});
		this.server.start();
	}

	@AfterEach
	void stop() throws IOException {
		this.http.close();
		this.server.stop(0);
	}

	@Test
	void answerWhenWithinTheLimitThenReadWhole() throws IOException {
		assertThat(read(AnswerSizeLimit.MAX_BYTES, false)).isEqualTo(AnswerSizeLimit.MAX_BYTES);
		assertThat(read(AnswerSizeLimit.MAX_BYTES, true)).isEqualTo(AnswerSizeLimit.MAX_BYTES);
	}

	@Test
	void answerWhenLongerThanTheLimitThenRefusedAnnouncedOrStreamed() {
		assertThatIOException().isThrownBy(() -> read(AnswerSizeLimit.MAX_BYTES + 1, false))
			.withMessageContaining("larger than the 1 MB this server reads");
		assertThatIOException().isThrownBy(() -> read(20 * 1024 * 1024, true))
			.withMessageContaining("larger than the 1 MB this server reads");
	}

	private int read(int size, boolean chunked) throws IOException {
		String uri = "http://127.0.0.1:" + this.server.getAddress().getPort() + "/?size=" + size
				+ (chunked ? "&chunked" : "");
		return this.http.execute(new HttpGet(uri), (response) -> EntityUtils.toByteArray(response.getEntity()).length);
	}

}
