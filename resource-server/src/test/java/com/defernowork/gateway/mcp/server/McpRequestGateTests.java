package com.defernowork.gateway.mcp.server;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import jakarta.servlet.ServletRequest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import com.defernowork.gateway.mcp.http.ByteBudget;
import com.defernowork.gateway.mcp.http.CachedBodyRequest;

import static org.assertj.core.api.Assertions.assertThat;

/** The transport rules both eras share, checked before anything reads the body. */
class McpRequestGateTests {

	static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";

	private final McpRequestGate gate = new McpRequestGate(64, new ByteBudget(100));

	@Test
	void postWhenJsonAndAcceptBothThenPassesWithTheBodyCached() throws Exception {
		MockFilterChain chain = new MockFilterChain();
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.gate.doFilter(post("application/json", "application/json, text/event-stream", PING), response, chain);
		ServletRequest passed = chain.getRequest();
		assertThat(passed).isInstanceOf(CachedBodyRequest.class);
		assertThat(new String(((CachedBodyRequest) passed).body(), StandardCharsets.UTF_8)).isEqualTo(PING);
		assertThat(new String(passed.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).as("read again")
			.isEqualTo(PING);
	}

	@Test
	void postWhenContentTypeCarriesUtf8OrAcceptIsAWildcardThenPasses() throws Exception {
		assertPasses(post("application/json; charset=UTF-8", "application/json, text/event-stream", PING));
		assertPasses(post("application/json", "*/*", PING));
	}

	@Test
	void requestWhenNotPostThen405WithAllow() throws Exception {
		for (String method : new String[] { "GET", "DELETE", "PUT" }) {
			MockHttpServletRequest request = post("application/json", "application/json, text/event-stream", PING);
			request.setMethod(method);
			MockHttpServletResponse response = refused(request, 405);
			assertThat(response.getHeader("Allow")).isEqualTo("POST");
			assertThat(idIn(response).isMissingNode()).as("a body no method but POST has is not read").isTrue();
		}
	}

	@Test
	void optionsWhenCorsPreflightThenLeftToTheSecurityLayer() throws Exception {
		MockHttpServletRequest preflight = new MockHttpServletRequest("OPTIONS", "/mcp");
		preflight.addHeader("Origin", "http://localhost:6274");
		preflight.addHeader("Access-Control-Request-Method", "POST");
		MockFilterChain chain = new MockFilterChain();
		this.gate.doFilter(preflight, new MockHttpServletResponse(), chain);
		assertThat(chain.getRequest()).isSameAs(preflight);
	}

	@Test
	void optionsWhenNotACorsPreflightThen405LikeAnyMethodButPost() throws Exception {
		MockHttpServletRequest options = new MockHttpServletRequest("OPTIONS", "/mcp");
		options.addHeader("Origin", "http://localhost:6274");
		assertThat(refused(options, 405).getHeader("Allow")).isEqualTo("POST");
		assertThat(refused(new MockHttpServletRequest("OPTIONS", "/mcp"), 405).getHeader("Allow")).isEqualTo("POST");
	}

	@Test
	void postWhenBodyHasAContentCodingThen415WithAcceptEncodingIdentity() throws Exception {
		for (String coding : new String[] { "gzip", "br", "x-gzip", "identity, gzip", "no-such-coding" }) {
			MockHttpServletRequest request = post("application/json", "application/json, text/event-stream", PING);
			request.addHeader("Content-Encoding", coding);
			MockHttpServletResponse response = refused(request, 415);
			assertThat(response.getHeader("Accept-Encoding")).as(coding).isEqualTo("identity");
			assertThat(idIn(response).isMissingNode()).as("a coded body is not decoded").isTrue();
		}
		MockHttpServletRequest identity = post("application/json", "application/json, text/event-stream", PING);
		identity.addHeader("Content-Encoding", "identity");
		assertPasses(identity);
	}

	@Test
	void postWhenContentTypeIsNotUtf8JsonThen415WithTheIdOfTheRequestWhenItCanBeRead() throws Exception {
		String[] wrong = { null, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
				"application/json; charset=utf-16", "application/json; charset=no-such-charset", "application/",
				"application/json-patch+json" };
		for (String contentType : wrong) {
			MockHttpServletResponse response = refused(post(contentType, "application/json, text/event-stream", PING),
					415);
			assertThat(idIn(response).asInt()).as("the id of the request it answers").isEqualTo(1);
		}
		for (String contentType : new String[] { "application/json; charset=UTF-8", "application/json;charset=us-ascii",
				"Application/JSON" }) {
			assertPasses(post(contentType, "application/json, text/event-stream", PING));
		}
		MockHttpServletResponse form = refused(post("application/x-www-form-urlencoded", "*/*", "id=1"), 415);
		assertThat(idIn(form).isMissingNode()).as("no JSON-RPC id to read").isTrue();
	}

	@Test
	void postWhenAcceptLacksJsonOrEventStreamThen406WithTheIdOfTheRequestWhenItCanBeRead() throws Exception {
		String[] wrong = { null, "text/html", "application/json", "text/event-stream", "application/json;q=x, ;" };
		for (String accept : wrong) {
			MockHttpServletResponse response = refused(post("application/json", accept, PING), 406);
			assertThat(idIn(response).asInt()).as("the id of the request it answers").isEqualTo(1);
		}
		String stringId = "{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"ping\"}";
		assertThat(idIn(refused(post("application/json", "text/html", stringId), 406)).stringValue()).isEqualTo("a");
		for (String unreadable : new String[] { "{\"id\":1", "[" + PING + "]", "{\"id\":1.5}",
				"{\"id\":\"" + "a".repeat(64) + "\"}" }) {
			assertThat(idIn(refused(post("application/json", "text/html", unreadable), 406)).isMissingNode())
				.as(unreadable)
				.isTrue();
		}
	}

	@Test
	void postWhenBodyLargerThanLimitThen413WhateverContentLengthSays() throws Exception {
		String big = "{\"x\":\"" + "a".repeat(64) + "\"}";
		assertThat(idIn(refused(post("application/json", "*/*", big), 413)).isMissingNode()).isTrue();
		MockHttpServletRequest lying = post("application/json", "*/*", big);
		lying.addHeader("Content-Length", "10");
		refused(lying, 413);
		MockHttpServletRequest exact = post("application/json", "*/*", "a".repeat(64));
		assertPasses(exact);
	}

	@Test
	void postWhenTheBodiesHeldWouldPassTheBudgetThen503RetryAfterAndRoomAgainOnceTheyEnd() throws Exception {
		String sixty = PING + " ".repeat(60 - PING.length());
		MockHttpServletResponse inner = new MockHttpServletResponse();
		MockHttpServletResponse notAcceptable = new MockHttpServletResponse();
		// a request whose 60 bytes are held while another of 60 arrives: 120 of 100
		this.gate.doFilter(post("application/json", "*/*", sixty), new MockHttpServletResponse(),
				(request, response) -> {
					this.gate.doFilter(post("application/json", "*/*", sixty), inner, new MockFilterChain());
					// one the gate refuses for its headers reads its body (to name its
					// id) within the budget too: without room, the refusal names none
					this.gate.doFilter(post("application/json", "text/html", sixty), notAcceptable,
							new MockFilterChain());
				});
		assertThat(inner.getStatus()).isEqualTo(503);
		assertThat(inner.getHeader("Retry-After")).isEqualTo("1");
		assertThat(inner.getContentAsString()).contains("-32603", "retry in 1 second");
		assertThat(notAcceptable.getStatus()).isEqualTo(406);
		assertThat(idIn(notAcceptable).isMissingNode()).isTrue();
		// the first one's bytes were given back, and so were those the refused ones took
		assertPasses(post("application/json", "*/*", sixty));
		assertThat(idIn(refused(post("application/json", "text/html", sixty), 406)).asInt()).isEqualTo(1);
	}

	@Test
	void postWhenAChunkedBodyIsLargerThanTheLimitThen413AndItsBytesGivenBack() throws Exception {
		MockHttpServletRequest chunked = chunked("application/json", "*/*", " ".repeat(65));
		refused(chunked, 413);
		// the 64 it read before it knew are free again: 100 of 100 for the next one
		assertPasses(post("application/json", "*/*", PING + " ".repeat(100 - PING.length() - 36)));
	}

	@Test
	void postWhenBodySpansStepsOrIsUndeclaredThenPassesWholeAndGivesItsBytesBack() throws Exception {
		int max = 20_000;
		// a budget of one largest body: each size passes only if the one before gave its
		// bytes back
		McpRequestGate roomForOne = new McpRequestGate(max, new ByteBudget(max));
		for (int size : new int[] { 0, 1, 8191, 8192, 8193, 16385, max }) {
			for (boolean declared : new boolean[] { true, false }) {
				String body = "x".repeat(size);
				MockHttpServletRequest request = declared ? post("application/json", "*/*", body)
						: chunked("application/json", "*/*", body);
				MockFilterChain chain = new MockFilterChain();
				roomForOne.doFilter(request, new MockHttpServletResponse(), chain);
				assertThat(chain.getRequest()).as("%d bytes, declared %s", size, declared)
					.isInstanceOf(CachedBodyRequest.class);
				assertThat(((CachedBodyRequest) chain.getRequest()).body()).as("%d bytes", size)
					.isEqualTo(body.getBytes(StandardCharsets.UTF_8));
			}
		}
	}

	@Test
	void requestBodyBudgetWhenBodiesTakeAnEightiethOfTheHeapThenNoMore() throws Exception {
		// a parsed body takes some 30 times its bytes: 10 batches of 200 KB ran an 80 MB
		// heap out of memory under an eighth
		int maxBody = 1024 * 1024;
		int share = (int) Math.max(maxBody, Runtime.getRuntime().maxMemory() / 80);
		ByteBudget budget = McpServerConfig.requestBodyBudget(maxBody);
		ByteBudget.Read held = budget.read(new ByteArrayInputStream(new byte[share]), -1, share, Duration.ZERO);

		assertThat(held.outcome()).isEqualTo(ByteBudget.Outcome.READ);
		assertThat(budget.read(new ByteArrayInputStream(new byte[1]), -1, 1, Duration.ZERO).outcome())
			.isEqualTo(ByteBudget.Outcome.NO_ROOM);
	}

	private void assertPasses(MockHttpServletRequest request) throws Exception {
		MockFilterChain chain = new MockFilterChain();
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.gate.doFilter(request, response, chain);
		assertThat(chain.getRequest()).as("status %s: %s", response.getStatus(), response.getContentAsString())
			.isInstanceOf(CachedBodyRequest.class);
	}

	private static JsonNode idIn(MockHttpServletResponse response) throws Exception {
		return JsonMapper.shared().readTree(response.getContentAsString()).path("id");
	}

	private MockHttpServletResponse refused(MockHttpServletRequest request, int status) throws Exception {
		MockFilterChain chain = new MockFilterChain();
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.gate.doFilter(request, response, chain);
		assertThat(chain.getRequest())
			.as("%s %s, Accept %s went on", request.getMethod(), request.getContentType(), request.getHeader("Accept"))
			.isNull();
		assertThat(response.getStatus()).isEqualTo(status);
		assertThat(response.getContentType()).startsWith("application/json");
		JsonNode body = JsonMapper.shared().readTree(response.getContentAsString());
		assertThat(body.path("jsonrpc").stringValue()).isEqualTo("2.0");
		assertThat(body.path("id").isNull()).as("an id is the request's or absent").isFalse();
		assertThat(body.path("error").path("code").asInt()).isEqualTo(-32600);
		assertThat(body.path("error").path("message").stringValue()).isNotBlank();
		return response;
	}

	private static MockHttpServletRequest post(String contentType, String accept, String body) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/mcp");
		if (contentType != null) {
			request.setContentType(contentType);
		}
		if (accept != null) {
			request.addHeader("Accept", accept);
		}
		request.setContent(body.getBytes(StandardCharsets.UTF_8));
		return request;
	}

	private static MockHttpServletRequest chunked(String contentType, String accept, String body) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/mcp") {
			@Override
			public long getContentLengthLong() {
				return -1;
			}
		};
		request.setContentType(contentType);
		request.addHeader("Accept", accept);
		request.setContent(body.getBytes(StandardCharsets.UTF_8));
		return request;
	}

}
