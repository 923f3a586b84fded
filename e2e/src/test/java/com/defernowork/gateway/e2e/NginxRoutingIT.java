package com.defernowork.gateway.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.defernowork.gateway.e2e.support.NginxProcess;
import com.defernowork.gateway.e2e.support.StandInUpstream;
import com.defernowork.gateway.testsupport.FreePorts;
import com.defernowork.gateway.testsupport.TestCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * The project's nginx configuration, run by the real nginx in front of two stand-in
 * upstreams: routing by path, forwarded headers, streaming, size limits, rate limits, an
 * access log without query strings, one HSTS source and the TLS variant. Independent of
 * the applications. The floods run last: they empty the rate-limit buckets this address
 * shares with every other test of the class.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NginxRoutingIT {

	static final Path WORK = Path.of("target", "nginx-runs").toAbsolutePath();

	static final JsonMapper JSON = JsonMapper.builder().build();

	static StandInUpstream auth;

	static StandInUpstream mcp;

	static NginxProcess nginx;

	final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@BeforeAll
	static void startNginx() {
		NginxProcess.assumeBinary("the nginx tests");
		auth = StandInUpstream.start("auth-server");
		mcp = StandInUpstream.start("resource-server");
		nginx = NginxProcess.startLocal(FreePorts.next(), auth.address(), mcp.address(), WORK);
	}

	@AfterAll
	static void stop() {
		if (nginx != null) {
			nginx.close();
		}
		if (auth != null) {
			auth.close();
		}
		if (mcp != null) {
			mcp.close();
		}
	}

	@ParameterizedTest
	@CsvSource({ "/mcp, resource-server", "/mcp/, resource-server",
			"/.well-known/oauth-protected-resource, resource-server",
			"/.well-known/oauth-protected-resource/mcp, resource-server",
			"/.well-known/oauth-authorization-server, auth-server", "/.well-known/openid-configuration, auth-server",
			"/oauth2/authorize?client_id=x, auth-server", "/oauth2/register, auth-server", "/oauth2/token, auth-server",
			"/oauth2/introspect, auth-server", "/oauth2/revoke, auth-server", "/oauth2/jwks, auth-server",
			"/login, auth-server", "/login/oauth2/code/deferno?code=c, auth-server", "/consent, auth-server",
			"/connected-apps, auth-server", "/logout, auth-server", "/signed-out, auth-server", "/error, auth-server",
			"/assets/app.css, auth-server" })
	void requestWhenPathBelongsToAServiceThenThatServiceAnswers(String path, String service) throws Exception {
		HttpResponse<String> response = get(path, Map.of());

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode echo = JSON.readTree(response.body());
		assertThat(echo.get("who").asString()).isEqualTo(service);
		assertThat(echo.get("path").asString()).isEqualTo(path);
	}

	@ParameterizedTest
	@CsvSource({ "/", "/actuator/health", "/actuator/prometheus", "/mcpx", "/api/auth/me", "/internal/activity" })
	void requestWhenPathBelongsToNoServiceThenNotFound(String path) throws Exception {
		HttpResponse<String> response = get(path, Map.of());

		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).doesNotContain("who");
		assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
	}

	@Test
	void rootWhenOpenedInABrowserThenAPageSayingWhatTheGatewayIsAndWhereToGo() throws Exception {
		HttpResponse<String> page = get("/", Map.of("Accept", "text/html,application/xhtml+xml"));

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html");
		assertThat(page.headers().firstValue("Content-Security-Policy"))
			.hasValueSatisfying((csp) -> assertThat(csp).contains("default-src 'none'"));
		assertThat(page.body()).contains("<h1>Deferno MCP gateway</h1>", "<strong>/mcp</strong>",
				"href=\"/connected-apps\"");
	}

	@ParameterizedTest
	@CsvSource({ "/connected-app", "/actuator/health", "/api/auth/me" })
	void unknownPathWhenOpenedInABrowserThenAPageLinkingToConnectedAppsAndForAProgramThePlainAnswer(String path)
			throws Exception {
		HttpResponse<String> page = get(path, Map.of("Accept", "text/html,application/xhtml+xml"));

		assertThat(page.statusCode()).isEqualTo(404);
		assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html");
		assertThat(page.headers().firstValue("Content-Security-Policy"))
			.hasValueSatisfying((csp) -> assertThat(csp).contains("default-src 'none'"));
		assertThat(page.body()).contains("<h1>Page not found</h1>", "href=\"/connected-apps\"");
		for (String accept : new String[] { "application/json, text/event-stream", "*/*" }) {
			HttpResponse<String> answer = get(path, Map.of("Accept", accept));
			assertThat(answer.statusCode()).isEqualTo(404);
			assertThat(answer.headers().firstValue("Content-Type")).hasValue("text/plain");
			assertThat(answer.body()).isEqualTo("Not found. The MCP endpoint is /mcp.\n");
		}
	}

	@Test
	void requestWhenProxiedThenForwardedHeadersDescribeThePublicOrigin() throws Exception {
		HttpResponse<String> response = get("/oauth2/authorize",
				Map.of("X-Forwarded-For", "203.0.113.9", "X-Forwarded-Host", "evil.example", "X-Forwarded-Proto",
						"https", "Forwarded", "host=evil.example;proto=https", "X-Forwarded-Prefix", "/evil",
						"X-Forwarded-Ssl", "on"));

		JsonNode headers = JSON.readTree(response.body()).get("headers");
		assertThat(headers.get("host").asString()).isEqualTo("localhost:" + nginx.port());
		assertThat(headers.get("x-forwarded-host").asString()).isEqualTo("localhost");
		assertThat(headers.get("x-forwarded-port").asString()).isEqualTo(String.valueOf(nginx.port()));
		assertThat(headers.get("x-forwarded-proto").asString()).isEqualTo("http");
		// nginx is the edge: what the client claims is replaced, not appended to
		assertThat(headers.get("x-forwarded-for").asString()).isEqualTo("127.0.0.1");
		// the applications would read these in place of the above (Forwarded outranks
		// them): the edge drops them
		assertThat(headers.has("forwarded")).isFalse();
		assertThat(headers.has("x-forwarded-prefix")).isFalse();
		assertThat(headers.has("x-forwarded-ssl")).isFalse();
	}

	@Test
	void requestWhenFromTheTrustedLoadBalancerThenTheClientIsTheLastAddressItForwardsAndHasItsOwnLimits()
			throws Exception {
		try (NginxProcess behindBalancer = startTrusting("127.0.0.0/8")) {
			// the balancer appends the address it saw to what the client sent: a client's
			// own claim comes first and is not believed
			JsonNode headers = JSON.readTree(
					this.http
						.send(HttpRequest.newBuilder(URI.create(behindBalancer.baseUrl() + "/oauth2/authorize"))
							.header("X-Forwarded-For", "198.51.100.66, 203.0.113.9")
							.build(), HttpResponse.BodyHandlers.ofString())
						.body())
				.get("headers");
			assertThat(headers.get("x-forwarded-for").asString()).isEqualTo("203.0.113.9");
			assertThat(headers.get("x-real-ip").asString()).isEqualTo("203.0.113.9");

			// registration allows a burst of 60 per address: one client's flood leaves
			// another's requests alone
			List<Integer> flood = new ArrayList<>();
			for (int i = 0; i < 150 && !flood.contains(429); i++) {
				flood.add(register(behindBalancer, "203.0.113.9"));
			}
			assertThat(flood).as("the flooding client is limited").contains(429);
			assertThat(register(behindBalancer, "203.0.113.10")).as("another client behind the balancer")
				.isEqualTo(200);
		}
	}

	@Test
	void requestWhenTheTrustedLoadBalancerEndedTlsThenTheApplicationsAreToldHttps() throws Exception {
		try (NginxProcess behindBalancer = startTrusting("127.0.0.0/8")) {
			// a balancer that speaks https to the client and http to nginx, as most
			// cloud balancers and tunnels do, with the public host and no port (HTTP/1.0:
			// the answer is read to the connection's end)
			RawAnswer answer = raw(new Socket("127.0.0.1", behindBalancer.port()),
					"GET /oauth2/authorize HTTP/1.0\r\nHost: gateway.example\r\nX-Forwarded-For: 203.0.113.9\r\n"
							+ "X-Forwarded-Proto: https\r\n\r\n");
			JsonNode headers = JSON.readTree(answer.body()).get("headers");
			assertThat(headers.get("x-forwarded-proto").asString()).isEqualTo("https");
			assertThat(headers.get("x-forwarded-port").asString()).isEqualTo("443");
			assertThat(headers.get("x-forwarded-host").asString()).isEqualTo("gateway.example");
			// a proto that is neither is not passed on
			JsonNode odd = JSON.readTree(
					this.http
						.send(HttpRequest.newBuilder(URI.create(behindBalancer.baseUrl() + "/oauth2/authorize"))
							.header("X-Forwarded-For", "203.0.113.9")
							.header("X-Forwarded-Proto", "gopher")
							.build(), HttpResponse.BodyHandlers.ofString())
						.body())
				.get("headers");
			assertThat(odd.get("x-forwarded-proto").asString()).isEqualTo("http");
		}
	}

	@ParameterizedTest
	@CsvSource({ "/oauth2/register, 60", "/oauth2/token, 120", "/oauth2/authorize, 120" })
	void requestWhenOneIpv6ClientRotatesThroughItsSlash64ThenLimitedAsOneClient(String path, int burst)
			throws Exception {
		try (NginxProcess behindBalancer = startTrusting("127.0.0.0/8")) {
			// a new address of the /64 for each request, bytes 0x0a (a newline) and 0xff
			// in the prefix and the text forms "::" shortens
			List<Integer> flood = new ArrayList<>();
			for (int i = 1; i <= 3 * burst && !flood.contains(429); i++) {
				String address = (i % 2 == 0) ? "2001:db8:a0a:ff0a::" + Integer.toHexString(i)
						: "2001:db8:a0a:ff0a:" + Integer.toHexString(i) + ":0:0:1";
				flood.add(send(behindBalancer, path, address));
			}
			assertThat(flood).as("a client rotating through its /64 is limited").contains(429);
			assertThat(send(behindBalancer, path, "2001:db8:a0a:ff0b::1")).as("the next /64").isEqualTo(200);
			assertThat(send(behindBalancer, path, "203.0.113.11")).as("an IPv4 client").isEqualTo(200);
		}
	}

	@ParameterizedTest
	@CsvSource({ "/oauth2/authorize", "/login", "/consent" })
	void requestWhenASiteRotatesThroughTheSlash64sOfItsSlash48ThenItsSessionsAreLimited(String path) throws Exception {
		try (NginxProcess behindBalancer = startTrusting("127.0.0.0/8")) {
			// each request from a new /64 of one /48 (bytes 0x0a and 0xff in its prefix),
			// each well within its own /64's limits
			List<Integer> flood = new ArrayList<>();
			for (int i = 1; i <= 1200 && !flood.contains(429); i++) {
				flood.add(send(behindBalancer, path, "2001:a0a:ff0a:" + Integer.toHexString(i) + "::1"));
			}
			assertThat(flood).as("a site rotating through its /64s is limited").contains(429);
			assertThat(flood.indexOf(429)).as("after the site's burst").isGreaterThanOrEqualTo(400);
			assertThat(send(behindBalancer, path, "2001:a0a:ff0b::1")).as("the next /48").isEqualTo(200);
			assertThat(send(behindBalancer, path, "203.0.113.12")).as("an IPv4 client").isEqualTo(200);
		}
	}

	/** nginx on a free port behind the load balancers or CDN ranges {@code proxies}. */
	private static NginxProcess startTrusting(String proxies) {
		int port = FreePorts.next();
		return NginxProcess.start(NginxProcess.render("local", Map.of("NGINX_PORT", String.valueOf(port),
				"AUTH_UPSTREAM", auth.address(), "MCP_UPSTREAM", mcp.address(), "NGINX_TRUSTED_PROXY", proxies), WORK),
				port);
	}

	private int send(NginxProcess nginx, String path, String client) throws Exception {
		return this.http
			.send(HttpRequest.newBuilder(URI.create(nginx.baseUrl() + path))
				.header("X-Forwarded-For", client)
				.POST(HttpRequest.BodyPublishers.ofString("x=1"))
				.build(), HttpResponse.BodyHandlers.discarding())
			.statusCode();
	}

	@Test
	void requestWhenACdnAndABalancerAreTrustedThenTheClientIsTheAddressBeforeBoth() throws Exception {
		// a CDN's range and the balancer behind it, as an operator lists them
		try (NginxProcess behindCdn = startTrusting("192.0.2.0/24, 127.0.0.0/8")) {
			JsonNode headers = JSON
				.readTree(this.http.send(HttpRequest.newBuilder(URI.create(behindCdn.baseUrl() + "/oauth2/authorize"))
					.header("X-Forwarded-For", "198.51.100.66, 203.0.113.9, 192.0.2.7")
					.build(), HttpResponse.BodyHandlers.ofString()).body())
				.get("headers");

			// with the balancer alone trusted, the CDN's 192.0.2.7 would be the client
			assertThat(headers.get("x-forwarded-for").asString()).isEqualTo("203.0.113.9");
		}
	}

	@Test
	void renderWhenTheTrustedProxyIsNotAnAddressListThenItRefusesSayingWhat() {
		// more configuration; a host name, which nginx would look up once, at start
		for (String value : List.of("10.0.0.1; include /etc/*", "cafe.dead")) {
			assertThatIllegalStateException().isThrownBy(() -> renderWith("NGINX_TRUSTED_PROXY", value))
				.withMessageContaining("NGINX_TRUSTED_PROXY: '" + value + "' is not a list of IP addresses");
		}
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "AUTH_UPSTREAM | 127.0.0.1 | 127.0.0.1", "MCP_UPSTREAM | localhost resolve | localhost resolve",
					"AUTH_UPSTREAM | 127.0.0.1:9000, 127.0.0.2 | 127.0.0.2", "MCP_UPSTREAM | ::1 | ::1",
					"AUTH_UPSTREAM | [::1] | [::1]" })
	void renderWhenAnUpstreamNamesNoPortThenItRefusesSayingWhat(String variable, String value, String entry) {
		// nginx would take port 80, where neither application listens, and answer 503 to
		// every request (a bare IPv6 address would read as one whose last group is the
		// port)
		assertThatIllegalStateException().isThrownBy(() -> renderWith(variable, value))
			.withMessageContaining(variable + ": '" + entry + "' does not start with host:port")
			.withMessageContaining("port 80");
	}

	@Test
	void renderWhenUpstreamsNameTheirPortsOrSocketsThenEachIsAServer() throws Exception {
		Path prefix = NginxProcess.render("local", Map.of("NGINX_PORT", "8080", "AUTH_UPSTREAM",
				"[::1]:9000 max_fails=3, unix:/run/auth.sock", "MCP_UPSTREAM", "localhost:8001"), WORK);

		assertThat(Files.readString(prefix.resolve("conf.d/default.conf"))).contains(
				"server [::1]:9000 max_fails=3 fail_timeout=2s; server unix:/run/auth.sock fail_timeout=2s;",
				"server localhost:8001 fail_timeout=2s;");
	}

	@Test
	void renderWhenTlsIsGivenAnotherHostOrAnHttpPublicUrlThenItRefusesSayingWhatToSet() throws Exception {
		Map<String, String> tls = Map.of("NGINX_PORT", "8080", "NGINX_TLS_PORT", "8443", "NGINX_CERT_DIR", "/certs",
				"AUTH_UPSTREAM", auth.address(), "MCP_UPSTREAM", mcp.address());
		// compose's old default: every client using the published issuer got 421
		Map<String, String> otherHost = new HashMap<>(tls);
		otherHost.putAll(Map.of("PUBLIC_URL", "https://mcp.example.com", "PUBLIC_HOST", "localhost"));
		assertThatIllegalStateException().isThrownBy(() -> NginxProcess.render("tls", otherHost, WORK))
			.withMessageContaining("PUBLIC_HOST: 'localhost' is not the host of PUBLIC_URL 'https://mcp.example.com'")
			.withMessageContaining("set PUBLIC_HOST=mcp.example.com, or leave it unset");
		// every request redirected to http on the TLS port, or refused
		Map<String, String> http = new HashMap<>(tls);
		http.putAll(Map.of("PUBLIC_URL", "http://localhost:8080", "PUBLIC_HOST", "localhost"));
		assertThatIllegalStateException().isThrownBy(() -> NginxProcess.render("tls", http, WORK))
			.withMessageContaining("PUBLIC_URL: 'http://localhost:8080' is not an https:// URL")
			.withMessageContaining("NGINX_MODE=tls");
		// the local template reads neither
		assertThat(NginxProcess.render("local", http, WORK)).isDirectory();

		// PUBLIC_URL's host, in any case, or none (compose's empty default): the name
		// served is PUBLIC_URL's host
		for (String host : List.of("MCP.example.com", "")) {
			Map<String, String> same = new HashMap<>(tls);
			same.putAll(Map.of("PUBLIC_URL", "https://mcp.example.com:8443", "PUBLIC_HOST", host));
			Path prefix = NginxProcess.render("tls", same, WORK);
			assertThat(Files.readString(prefix.resolve("conf.d/default.conf"))).as(host)
				.contains("server_name mcp.example.com;", "\"mcp.example.com\" \"\";");
		}
	}

	private int register(NginxProcess nginx, String client) throws Exception {
		return this.http
			.send(HttpRequest.newBuilder(URI.create(nginx.baseUrl() + "/oauth2/register"))
				.header("X-Forwarded-For", client)
				.POST(HttpRequest.BodyPublishers.ofString("{}"))
				.build(), HttpResponse.BodyHandlers.discarding())
			.statusCode();
	}

	@Test
	void mcpResponseWhenUpstreamSetsSessionAndChallengeHeadersThenClientSeesThem() throws Exception {
		HttpResponse<String> response = this.http.send(request("/mcp").header("Mcp-Session-Id", "abc")
			.header("MCP-Protocol-Version", "2025-11-25")
			.POST(HttpRequest.BodyPublishers.ofString("{}"))
			.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(response.headers().firstValue("Mcp-Session-Id")).hasValue("session-from-resource-server");
		assertThat(response.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying(value -> assertThat(value).contains("resource_metadata"));
		JsonNode headers = JSON.readTree(response.body()).get("headers");
		assertThat(headers.get("mcp-session-id").asString()).isEqualTo("abc");
		assertThat(headers.get("mcp-protocol-version").asString()).isEqualTo("2025-11-25");
	}

	@Test
	void eventStreamWhenUpstreamPausesThenFirstEventArrivesBeforeThePause() throws Exception {
		long start = System.nanoTime();
		HttpResponse<InputStream> response = this.http.send(request("/mcp/stream").GET().build(),
				HttpResponse.BodyHandlers.ofInputStream());
		// for a proxy in front of nginx, as the MCP spec asks of servers
		assertThat(response.headers().firstValue("X-Accel-Buffering")).hasValue("no");
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
			assertThat(reader.readLine()).isEqualTo("data: first");
			long firstEventMillis = (System.nanoTime() - start) / 1_000_000;
			assertThat(firstEventMillis).as("first event must not wait for the buffer to fill")
				.isLessThan(StandInUpstream.STREAM_PAUSE_MILLIS / 2);
			reader.readLine();
			assertThat(reader.readLine()).isEqualTo("data: second");
		}
	}

	@ParameterizedTest
	@CsvSource({ "/oauth2/register, 60000, 200", "/oauth2/register, 70000, 413", "/mcp, 3000000, 200",
			"/mcp, 5000000, 413", "/consent, 900000, 200", "/consent, 1100000, 413", "/oauth2/authorize, 70000, 413" })
	void postWhenBodyExceedsTheLimitThenRefused(String path, int size, int status) throws Exception {
		HttpResponse<String> response = this.http.send(
				request(path).POST(HttpRequest.BodyPublishers.ofByteArray(new byte[size])).build(),
				HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(status);
		boolean page = path.equals("/consent") || path.equals("/oauth2/authorize");
		if (status == 413 && page) {
			// a person's page: the product's short page, not nginx's own
			assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html");
			assertThat(response.headers().firstValue("Content-Security-Policy")).isPresent();
			assertThat(response.body()).contains("This request is too large", "Nothing was changed")
				.contains("Reference for support: " + response.headers().firstValue("X-Trace-Id").orElseThrow())
				.doesNotContain("nginx");
		}
		if (status == 413 && !page) {
			// what the client reads everywhere else on that path: JSON-RPC or OAuth's
			// error
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
			assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
			assertThat(response.headers().allValues("Strict-Transport-Security")).as("plain http").isEmpty();
			JsonNode error = JSON.readTree(response.body());
			assertThat(path.equals("/mcp") ? error.path("error").path("code").asInt() : error.path("error").asString())
				.isIn(-32600, "invalid_request");
		}
	}

	@ParameterizedTest
	@CsvSource({ "/mcp, 5000000, http://localhost:6274, http://localhost:6274",
			"/mcp, 5000000, https://evil.example, ''", "/mcpx, 10, http://127.0.0.1:6274, http://127.0.0.1:6274",
			"/oauth2/token, 70000, https://any.example, *", "/oauth2/register, 70000, http://localhost:6274, *",
			"/oauth2/introspect, 70000, http://localhost:6274, ''" })
	void errorWhenNginxAnswersItselfThenABrowserClientReadsItAsTheServersOwn(String path, int size, String origin,
			String allowed) throws Exception {
		HttpResponse<String> response = this.http.send(request(path).header("Origin", origin)
			.POST(HttpRequest.BodyPublishers.ofByteArray(new byte[size]))
			.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isIn(404, 413);
		if (allowed.isEmpty()) {
			// the resource server allows loopback origins alone; introspection is no
			// browser's
			assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
		}
		else {
			assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue(allowed);
			assertThat(response.headers().firstValue("Access-Control-Expose-Headers"))
				.hasValueSatisfying((exposed) -> assertThat(exposed).contains("Retry-After", "X-Trace-Id"));
		}
		assertThat(response.headers().allValues("X-Trace-Id")).singleElement().asString().matches("[0-9a-f]{32}");
	}

	@Test
	void preflightWhenTheClientIsRateLimitedThenStillAnsweredAndNotCounted() throws Exception {
		// more preflights than the registration burst: none is refused, so none took a
		// place a registration needs
		for (int i = 0; i < 80; i++) {
			HttpResponse<String> preflight = this.http
				.send(request("/oauth2/register").header("Origin", "http://localhost:6274")
					.header("Access-Control-Request-Method", "POST")
					.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(preflight.statusCode()).as("preflight %d", i).isEqualTo(200);
		}
	}

	@Test
	void mcpPostWhenTheBodyArrivesSlowlyThenTheResourceServerSeesNothingUntilItIsComplete() throws Exception {
		String json = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		try (Socket socket = new Socket("127.0.0.1", nginx.port())) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(("POST /mcp HTTP/1.1\r\nHost: localhost:" + nginx.port()
					+ "\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\n"
					+ "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.write(body, 0, 10);
			out.flush();
			int before = mcp.requests();
			// long enough for nginx to have passed the request on if it streamed bodies
			Thread.sleep(1000);
			assertThat(mcp.requests()).as("requests the resource server saw with the body incomplete")
				.isEqualTo(before);
			out.write(body, 10, body.length - 10);
			out.flush();
			String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(answer).startsWith("HTTP/1.1 200").contains("\"bodyLength\":" + body.length);
			assertThat(mcp.requests()).isEqualTo(before + 1);
		}
	}

	@Test
	void mcpWhenTheResourceServerTookTheRequestThenClosedThen503SayingTheChangeMayHaveBeenMade() throws Exception {
		try (ServerSocket cutsOff = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			Thread.ofVirtual().start(() -> {
				while (!cutsOff.isClosed()) {
					try (Socket taken = cutsOff.accept()) {
						// reads the request, then goes away without answering
						taken.getInputStream().read(new byte[8192]);
					}
					catch (IOException ex) {
						// closed at the end of the test
					}
				}
			});
			int port = FreePorts.next();
			String upstream = "127.0.0.1:" + cutsOff.getLocalPort();
			try (NginxProcess alone = NginxProcess.startLocal(port, upstream, upstream, WORK)) {
				HttpResponse<String> answer = this.http
					.send(HttpRequest.newBuilder(URI.create(alone.baseUrl() + "/mcp"))
						.POST(HttpRequest.BodyPublishers.ofString("{}"))
						.build(), HttpResponse.BodyHandlers.ofString());
				assertThat(answer.statusCode()).isEqualTo(503);
				// it may have been cut off after the change was made: an agent must not
				// blindly send it again
				assertThat(JSON.readTree(answer.body()).path("error").path("message").asString())
					.contains("read it back before sending it again");
			}
		}
	}

	@Test
	void requestWhenTheApplicationDoesNotAnswerThen503InTheShapeTheClientReads() throws Exception {
		int closed = FreePorts.next();
		int port = FreePorts.next();
		try (NginxProcess alone = NginxProcess.startLocal(port, "127.0.0.1:" + closed, "127.0.0.1:" + closed, WORK)) {
			HttpResponse<String> mcpAnswer = this.http.send(HttpRequest.newBuilder(URI.create(alone.baseUrl() + "/mcp"))
				.POST(HttpRequest.BodyPublishers.ofString("{}"))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(mcpAnswer.statusCode()).isEqualTo(503);
			assertThat(mcpAnswer.headers().firstValue("Retry-After")).hasValue("5");
			assertThat(JSON.readTree(mcpAnswer.body()).path("error").path("code").asInt()).isEqualTo(-32603);
			// refused: nothing reached the resource server, so the agent may send it
			// again
			assertThat(JSON.readTree(mcpAnswer.body()).path("error").path("message").asString())
				.contains("did not reach it, so nothing was changed");
			HttpResponse<String> token = this.http
				.send(HttpRequest.newBuilder(URI.create(alone.baseUrl() + "/oauth2/token"))
					.POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token"))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(token.statusCode()).isEqualTo(503);
			assertThat(token.headers().firstValue("Content-Type")).hasValue("application/json");
			// within the refresh reuse grace: a lost refresh answer is found again
			assertThat(token.headers().firstValue("Retry-After")).hasValue("2");
			assertThat(JSON.readTree(token.body()).path("error").asString()).isEqualTo("temporarily_unavailable");
			for (String page : List.of("/oauth2/authorize?client_id=x", "/login", "/consent?client_id=x&state=y",
					"/connected-apps", "/oauth2/authorization/deferno")) {
				HttpResponse<String> answer = this.http.send(
						HttpRequest.newBuilder(URI.create(alone.baseUrl() + page)).build(),
						HttpResponse.BodyHandlers.ofString());
				assertThat(answer.statusCode()).as(page).isEqualTo(503);
				assertThat(answer.headers().firstValue("Content-Type")).as(page).hasValue("text/html");
				assertThat(answer.headers().firstValue("Retry-After")).as(page).hasValue("5");
				assertThat(answer.headers().firstValue("Content-Security-Policy")).as(page)
					.hasValueSatisfying((csp) -> assertThat(csp).contains("default-src 'none'"));
				assertThat(answer.body()).as(page)
					.contains("Try again shortly", "The sign-in service is not answering")
					.contains("Reference for support: " + answer.headers().firstValue("X-Trace-Id").orElseThrow())
					.doesNotContain("nginx");
			}
			for (String metadata : List.of("/.well-known/oauth-protected-resource/mcp",
					"/.well-known/oauth-authorization-server", "/oauth2/jwks")) {
				HttpResponse<String> document = this.http.send(
						HttpRequest.newBuilder(URI.create(alone.baseUrl() + metadata)).build(),
						HttpResponse.BodyHandlers.ofString());
				assertThat(document.statusCode()).as(metadata).isEqualTo(503);
				assertThat(document.headers().firstValue("Content-Type")).as(metadata).hasValue("application/json");
			}
		}
	}

	@ParameterizedTest
	@CsvSource({ "https://app.example.com, https://app.example.com", "HTTPS://App.Example.com, HTTPS://App.Example.com",
			"https://eu.tools.example:8443, https://eu.tools.example:8443", "https://tools.example, ''",
			"https://app.example.com.evil.example, ''", "http://localhost:6274, ''",
			"http://my_app:3000, http://my_app:3000" })
	void errorWhenNoResourceServerAnswersThenTheOriginsItAllowsReadIt(String origin, String allowed) throws Exception {
		int closed = FreePorts.next();
		int port = FreePorts.next();
		// as an operator sets it for a web client: the list replaces the default
		// loopback origins, and a trailing slash is dropped, as at the resource server
		Path prefix = NginxProcess.render("local",
				Map.of("NGINX_PORT", String.valueOf(port), "AUTH_UPSTREAM", "127.0.0.1:" + closed, "MCP_UPSTREAM",
						"127.0.0.1:" + closed, "MCP_ALLOWED_ORIGINS",
						"https://app.example.com/, https://*.tools.example:[*], http://my_app:3000"),
				WORK);
		try (NginxProcess alone = NginxProcess.start(prefix, port)) {
			for (String path : List.of("/mcp", "/.well-known/oauth-protected-resource/mcp")) {
				HttpResponse<String> answer = this.http.send(HttpRequest.newBuilder(URI.create(alone.baseUrl() + path))
					.header("Origin", origin)
					.method(path.equals("/mcp") ? "POST" : "GET", HttpRequest.BodyPublishers.ofString("{}"))
					.build(), HttpResponse.BodyHandlers.ofString());
				assertThat(answer.statusCode()).as(path).isEqualTo(503);
				assertThat(answer.headers().firstValue("Access-Control-Allow-Origin")).as(path)
					.isEqualTo(allowed.isEmpty() ? Optional.empty() : Optional.of(allowed));
			}
		}
	}

	@Test
	void renderWhenTheAllowedOriginsAreNotOriginsThenItRefusesSayingWhat() {
		// more configuration than an origin can hold
		for (String value : List.of("https://a.example\"; include /etc/*", "https://a.example/$host")) {
			assertThatIllegalStateException()
				.isThrownBy(() -> NginxProcess.render("local",
						Map.of("NGINX_PORT", "8080", "AUTH_UPSTREAM", auth.address(), "MCP_UPSTREAM", mcp.address(),
								"MCP_ALLOWED_ORIGINS", value),
						WORK))
				.withMessageContaining("MCP_ALLOWED_ORIGINS: '" + value + "' is not a list of origins");
		}
	}

	@Test
	void mcpWhenOneTokenFloodsThen429JsonRpcWithRetryAfterWhileAnotherTokenIsServed() throws Exception {
		// a low rate, so that nothing refills while the flood is sent; JWTs of one issuer
		// start alike (their header), so the caller is told by the signature's end
		String jwt = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJpc3MiOiJodHRwOi8vbG9jYWxob3N0In0.";
		String flooder = jwt + "c2lnbmF0dXJlLW9mLWEtZmxvb2Rpbmctb25l";
		String other = jwt + "c2lnbmF0dXJlLW9mLWFuLW90aGVyLW9uZQ";
		try (NginxProcess limited = startLimiting("1r/m", "unix:")) {
			List<Integer> flood = new ArrayList<>();
			for (int i = 0; i < 300 && !flood.contains(429); i++) {
				flood.add(mcpCall(limited, flooder, null).statusCode());
			}
			int firstRefused = flood.indexOf(429);
			assertThat(firstRefused).as("a flood is refused: %s", flood).isPositive();
			// the first request and a burst of 120 more
			assertThat(flood.subList(0, firstRefused)).as("the burst passes").hasSize(121).containsOnly(200);

			HttpResponse<String> refused = mcpCall(limited, flooder, "http://localhost:6274");
			assertThat(refused.statusCode()).isEqualTo(429);
			assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/json");
			assertThat(refused.headers().firstValue("Retry-After")).hasValue("2");
			// read by a browser client as the resource server's own answers
			assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://localhost:6274");
			assertThat(refused.headers().firstValue("Access-Control-Expose-Headers"))
				.hasValueSatisfying((exposed) -> assertThat(exposed).contains("Retry-After", "X-Trace-Id"));
			assertThat(refused.headers().allValues("X-Trace-Id")).singleElement().asString().matches("[0-9a-f]{32}");
			JsonNode error = JSON.readTree(refused.body());
			assertThat(error.path("jsonrpc").asString()).isEqualTo("2.0");
			assertThat(error.has("id")).as("no request id is known here").isFalse();
			assertThat(error.path("error").path("code").asInt()).isEqualTo(-32603);
			assertThat(error.path("error").path("message").asString())
				.contains("Too many requests with this access token", "nothing was changed")
				.doesNotContain("nginx");

			// meanwhile another person (another token, from the same address) is served
			assertThat(mcpCall(limited, other, null).statusCode()).isEqualTo(200);
			assertThat(mcpCall(limited, flooder, null).statusCode()).isEqualTo(429);
			// the access log has the refusals; the error log, which quotes request lines,
			// does not
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(limited.accessLog()).contains("\"POST /mcp HTTP/1.1\" 429"));
			assertThat(limited.errorLog()).doesNotContain("limiting requests");
		}
	}

	@Test
	void mcpWhenRequestsWithoutATokenFloodThenTheirNetworkIsLimitedAndNoOneElse() throws Exception {
		try (NginxProcess limited = startLimiting("1r/m", "127.0.0.0/8")) {
			List<Integer> flood = new ArrayList<>();
			for (int i = 0; i < 300 && !flood.contains(429); i++) {
				flood.add(mcpFrom(limited, "203.0.113.20", null));
			}
			assertThat(flood).as("requests without a token from one network").contains(429);
			assertThat(flood.indexOf(429)).as("after the first and a burst of 120").isEqualTo(121);
			assertThat(mcpFrom(limited, "203.0.113.21", null)).as("another network").isEqualTo(200);
			// a token is its own caller, wherever it comes from
			assertThat(mcpFrom(limited, "203.0.113.20", "a-token-of-someone-there")).as("a token from that network")
				.isEqualTo(200);
		}
	}

	@Test
	void mcpWhenOneNetworkHoldsTooManyRequestsOpenThenTheNextIs429AndOthersAreServed() throws Exception {
		List<Socket> held = new ArrayList<>();
		try (NginxProcess limited = startLimiting("600r/m", "127.0.0.0/8")) {
			// bodies sent a byte at a time: each request holds its place while nginx
			// reads
			// (each from its own token, so the rate never counts them together)
			for (int i = 0; i < 300; i++) {
				Socket socket = new Socket("127.0.0.1", limited.port());
				held.add(socket);
				socket.getOutputStream()
					.write(("POST /mcp HTTP/1.1\r\nHost: localhost\r\nX-Forwarded-For: 203.0.113.30\r\n"
							+ "Authorization: Bearer slow-token-" + i + "\r\nContent-Type: application/json\r\n"
							+ "Content-Length: 100\r\n\r\n{")
						.getBytes(StandardCharsets.US_ASCII));
			}
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
				RawAnswer refused = raw(new Socket("127.0.0.1", limited.port()),
						"POST /mcp HTTP/1.1\r\nHost: localhost\r\nX-Forwarded-For: 203.0.113.30\r\n"
								+ "Authorization: Bearer one-more\r\nOrigin: http://localhost:6274\r\n"
								+ "Content-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
				assertThat(refused.status()).isEqualTo(429);
				assertThat(refused.header("Retry-After")).isEqualTo("5");
				assertThat(refused.header("Access-Control-Allow-Origin")).isEqualTo("http://localhost:6274");
				JsonNode error = JSON.readTree(refused.body());
				assertThat(error.has("id")).isFalse();
				assertThat(error.path("error").path("code").asInt()).isEqualTo(-32603);
				assertThat(error.path("error").path("message").asString())
					.contains("Too many requests from your network are in progress at once", "nothing was changed");
			});
			assertThat(mcpFrom(limited, "203.0.113.31", "another-network")).as("another network").isEqualTo(200);
			held.forEach(NginxRoutingIT::closeQuietly);
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(mcpFrom(limited, "203.0.113.30", "back-again")).isEqualTo(200));
		}
		finally {
			held.forEach(NginxRoutingIT::closeQuietly);
		}
	}

	@Test
	void mcpWhenTheBodyStopsComingThenTheConnectionIsClosedAfter10sWithoutAnAnswer() throws Exception {
		int before = mcp.requests();
		try (Socket socket = new Socket("127.0.0.1", nginx.port())) {
			socket.setSoTimeout(30_000);
			socket.getOutputStream()
				.write(("POST /mcp HTTP/1.1\r\nHost: localhost\r\nUser-Agent: stops-sending\r\n"
						+ "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"jsonrpc\"")
					.getBytes(StandardCharsets.US_ASCII));
			long start = System.nanoTime();
			// nothing to read: nginx closes the connection (it logs 408 and sends
			// nothing)
			assertThat(socket.getInputStream().read()).isEqualTo(-1);
			long seconds = (System.nanoTime() - start) / 1_000_000_000;
			assertThat(seconds).as("client_body_timeout of /mcp").isBetween(9L, 14L);
		}
		assertThat(mcp.requests()).as("the resource server saw nothing").isEqualTo(before);
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(nginx.accessLog().lines())
				.anySatisfy((line) -> assertThat(line).contains("\"POST /mcp HTTP/1.1\" 408 0", "stops-sending")));
	}

	@Test
	void renderWhenTheMcpRateIsNotARateThenItRefusesSayingWhat() {
		for (String value : List.of("600", "10r/h", "0r/s", "10r/s; include /etc/*")) {
			assertThatIllegalStateException().isThrownBy(() -> renderWith("NGINX_MCP_RATE", value))
				.withMessageContaining("NGINX_MCP_RATE: '" + value + "' is not a rate nginx takes");
		}
	}

	/**
	 * The local configuration with the two applications' addresses and one more setting.
	 */
	private static Path renderWith(String variable, String value) {
		Map<String, String> variables = new HashMap<>(
				Map.of("NGINX_PORT", "8080", "AUTH_UPSTREAM", auth.address(), "MCP_UPSTREAM", mcp.address()));
		variables.put(variable, value);
		return NginxProcess.render("local", variables, WORK);
	}

	/**
	 * nginx on a free port with {@code rate} per /mcp caller, behind the load balancers
	 * {@code proxies}.
	 */
	private static NginxProcess startLimiting(String rate, String proxies) {
		int port = FreePorts.next();
		return NginxProcess.start(
				NginxProcess.render(
						"local", Map.of("NGINX_PORT", String.valueOf(port), "AUTH_UPSTREAM", auth.address(),
								"MCP_UPSTREAM", mcp.address(), "NGINX_TRUSTED_PROXY", proxies, "NGINX_MCP_RATE", rate),
						WORK),
				port);
	}

	private HttpResponse<String> mcpCall(NginxProcess nginx, String token, String origin) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(nginx.baseUrl() + "/mcp"))
			.header("Authorization", "Bearer " + token)
			.POST(HttpRequest.BodyPublishers.ofString("{}"));
		if (origin != null) {
			request.header("Origin", origin);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private int mcpFrom(NginxProcess nginx, String client, String token) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(nginx.baseUrl() + "/mcp"))
			.header("X-Forwarded-For", client)
			.POST(HttpRequest.BodyPublishers.ofString("{}"));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// closed already
		}
	}

	@ParameterizedTest
	@Order(Integer.MAX_VALUE)
	@CsvSource({ "/oauth2/authorize, 120", "/oauth2/register, 60", "/oauth2/token, 120", "/oauth2/introspect, 200",
			"/oauth2/revoke, 60", "/oauth2/authorization/deferno, 200" })
	void oauthEndpointWhenOneClientFloodsThenBurstPassesAndTheRestIs429(String path, int burst) throws Exception {
		List<Integer> statuses = new ArrayList<>();
		// the bucket refills while the flood is sent: on a slow machine more than the
		// burst passes, never 3 bursts
		HttpResponse<String> last = null;
		for (int i = 0; i < 3 * burst && !statuses.contains(429); i++) {
			last = this.http
				.send(request(path + "?state=flood-state-secret").POST(HttpRequest.BodyPublishers.ofString("x=1"))
					.build(), HttpResponse.BodyHandlers.ofString());
			statuses.add(last.statusCode());
		}

		// the other tests of this class send a few requests to the same path from the
		// same address
		int firstRefused = statuses.indexOf(429);
		assertThat(firstRefused).as("a flood is refused with 429: %s", statuses).isPositive();
		assertThat(statuses.subList(0, firstRefused)).as("a generous burst passes")
			.hasSizeGreaterThan(burst - 5)
			.containsOnly(200);
		// the access log has the 429s without their query (nginx/README.md sends
		// operators there for limits); the error log, which quotes whole request lines,
		// does not list them (a sign-in code or state would be there)
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(nginx.accessLog()).contains("\"POST " + path + " HTTP/1.1\" 429"));
		assertThat(nginx.errorLog()).doesNotContain("flood-state-secret", "limiting requests");
		if (!path.startsWith("/oauth2/authori")) {
			// a client endpoint: OAuth's error JSON, and when to come back
			assertThat(last.headers().firstValue("Content-Type")).hasValue("application/json");
			assertThat(last.headers().firstValue("Retry-After")).hasValue("2");
			assertThat(JSON.readTree(last.body()).path("error").asString()).isEqualTo("temporarily_unavailable");
		}
		else {
			// a page a person sees: words, not nginx's own page
			assertThat(last.headers().firstValue("Content-Type")).hasValue("text/html");
			assertThat(last.headers().firstValue("Retry-After")).hasValue("5");
			// "address" would read as the page's; reloading after a form would send it
			// again
			assertThat(last.body())
				.contains("Too many requests came from your network",
						"Wait 5 seconds, then go back to your application and try again")
				.doesNotContain("nginx", "reload", "This address");
		}
	}

	/**
	 * What nginx answers itself when it cannot read a request, before any location (the
	 * request line, the headers) or while reading the body: in the shape of the path, as
	 * every other answer there. Sent raw, as a client (or a fuzzer) can.
	 */
	@ParameterizedTest
	@CsvSource({ "repeated-authorization, /mcp, 400", "repeated-authorization, /oauth2/token, 400",
			"repeated-authorization, /oauth2/register, 400",
			"repeated-authorization, /.well-known/oauth-authorization-server, 400", "large-header, /mcp, 400",
			"large-header, /oauth2/token, 400", "large-header, /oauth2/register, 400", "long-uri, /mcp, 414",
			"long-uri, /oauth2/token, 414", "nul, /mcp, 400", "nul, /oauth2/token, 400", "trace, /mcp, 405",
			"trace, /oauth2/token, 405", "trace, /oauth2/jwks, 405", "gzip-body, /mcp, 501", "bad-chunk, /mcp, 400",
			"bad-chunk, /oauth2/token, 400", "path-parameter, /mcp, 404", "suffix, /mcp, 404" })
	void requestWhenNginxRefusesItThenTheClientReadsJsonInTheShapeOfThePath(String what, String path, int status)
			throws Exception {
		RawAnswer answer = raw(rawRequest(what, path));

		assertThat(answer.status()).as(answer.text()).isEqualTo(status);
		assertThat(answer.header("Content-Type")).as(answer.text()).isEqualTo("application/json");
		assertThat(answer.header("X-Content-Type-Options")).isEqualTo("nosniff");
		JsonNode body = JSON.readTree(answer.body());
		if (path.equals("/mcp")) {
			// what every /mcp error is (docs/mcp-protocol.md): a JSON-RPC error without
			// id
			assertThat(body.path("jsonrpc").asString()).isEqualTo("2.0");
			assertThat(body.has("id")).as("no request id is known here").isFalse();
			assertThat(body.path("error").path("code").asInt()).isEqualTo(-32600);
			assertThat(body.path("error").path("message").asString()).isNotBlank().doesNotContain("nginx");
		}
		else {
			assertThat(body.path("error").asString()).isEqualTo("invalid_request");
			assertThat(body.path("error_description").asString()).isNotBlank().doesNotContain("nginx");
		}
		if (status == 405) {
			assertThat(answer.header("Allow")).isEqualTo(path.equals("/oauth2/jwks") ? "GET" : "POST");
		}
	}

	@Test
	void requestWhenNginxRefusesItThenTheMessageSaysWhatToChange() throws Exception {
		assertThat(raw(rawRequest("large-header", "/mcp")).body()).contains("8 KB");
		assertThat(raw(rawRequest("long-uri", "/mcp")).body()).contains("no query string");
		assertThat(raw(rawRequest("repeated-authorization", "/mcp")).body()).contains("repeated");
		assertThat(raw(rawRequest("trace", "/mcp")).body()).contains("POST only");
		// as the resource server's own 404 for a path under /mcp/
		assertThat(raw(rawRequest("path-parameter", "/mcp")).body())
			.contains("No MCP endpoint at this path; the endpoint is /mcp");
	}

	@ParameterizedTest
	@CsvSource({ "repeated-authorization, /login, 400, This request could not be read",
			"large-header, /consent, 400, clear this site's cookies",
			"long-uri, /oauth2/authorize, 414, This address is too long", "nul, /login, 400, a malformed address",
			"trace, /connected-apps, 405, This request could not be handled",
			"repeated-authorization, /, 400, Nothing was changed" })
	void requestWhenNginxRefusesAPagePeopleSeeThenItStaysHtml(String what, String path, int status, String says)
			throws Exception {
		RawAnswer answer = raw(rawRequest(what, path));

		assertThat(answer.status()).as(answer.text()).isEqualTo(status);
		assertThat(answer.header("Content-Type")).isEqualTo("text/html");
		// the gateway's words, not nginx's stock page
		assertThat(answer.body()).startsWith("<!DOCTYPE html>")
			.contains("<html lang=\"en\">", "· Deferno MCP gateway</title>", says)
			.doesNotContain("nginx");
		// a page's headers, as the applications' own pages have them
		assertThat(answer.header("Content-Security-Policy")).contains("frame-ancestors 'none'");
		assertThat(answer.header("X-Frame-Options")).isEqualTo("DENY");
		assertThat(answer.header("Cache-Control")).isEqualTo("no-store");
		assertThat(answer.header("X-Content-Type-Options")).isEqualTo("nosniff");
	}

	@Test
	void accessLogWhenNginxRefusesARequestThenItLogsTheMethodAndPathSentWithoutTheQuery() throws Exception {
		raw(rawRequest("long-uri", "/oauth2/register"));
		raw(rawRequest("repeated-authorization", "/oauth2/revoke"));

		// nginx logs a request once its answer is sent: the client may read the answer
		// first
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(nginx.accessLog()).contains("\"POST /oauth2/register -\" 414",
					"\"POST /oauth2/revoke HTTP/1.1\" 400"));
		assertThat(nginx.accessLog()).doesNotContain("aaaaaaaa", "/.deferno-errors/");
	}

	@Test
	void accessLogWhenUrlsCarrySecretsThenOnlyPathsAreLogged() throws Exception {
		get("/login/callback?code=secret-sign-in-code&state=secret-state", Map.of());
		get("/oauth2/authorize?client_id=x&state=secret-authorize-state", Map.of());
		get("/mcp?token=secret-query-token", Map.of("Referer", "http://localhost/consent?state=secret-referer-state"));
		get("/nowhere?access_token=secret-404-token", Map.of());

		// nginx logs a request once its answer is sent: the client may read the answer
		// first
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(nginx.accessLog()).contains("\"GET /login/callback HTTP/1.1\" 200",
					"\"GET /oauth2/authorize HTTP/1.1\" 200", "\"GET /mcp HTTP/1.1\" 200",
					"\"http://localhost/consent\"", "\"GET /nowhere HTTP/1.1\" 404"));
		assertThat(nginx.accessLog()).doesNotContain("secret", "code=", "state=", "token=");
	}

	@Test
	void accessLogWhenAnApplicationAnsweredThenItsTraceIdAddressStatusAndTimeToTheMillisecond() throws Exception {
		HttpResponse<String> answered = get("/mcp", Map.of("User-Agent", "traced-by-nginx"));
		HttpResponse<String> nginxOwn = get("/nowhere", Map.of("User-Agent", "answered-by-nginx"));

		// the application's trace id reaches the client as well
		assertThat(answered.headers().allValues("X-Trace-Id")).containsExactly(mcp.traceId());
		// and an answer of nginx's own carries the reference its line has
		String reference = nginxOwn.headers().firstValue("X-Trace-Id").orElseThrow();
		assertThat(reference).matches("[0-9a-f]{32}");
		String time = "\\[\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}[+-]\\d\\d:\\d\\d\\]";
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(nginx.accessLog().lines())
				.anySatisfy((line) -> assertThat(line).matches("127\\.0\\.0\\.1 - - " + time
						+ " \"GET /mcp HTTP/1\\.1\" 200 \\d+ \"\" \"traced-by-nginx\" [0-9.]+ trace=" + mcp.traceId()
						+ " upstream=\"" + mcp.address().replace(".", "\\.")
						+ "\" upstream_status=\"200\" upstream_time=\"[0-9]+\\.[0-9]{3}\""))
				.anySatisfy((line) -> assertThat(line).matches("127\\.0\\.0\\.1 - - " + time
						+ " \"GET /nowhere HTTP/1\\.1\" 404 \\d+ \"\" \"answered-by-nginx\" [0-9.]+ trace=" + reference
						+ " upstream=\"-\" upstream_status=\"-\" upstream_time=\"-\"")));
	}

	@Test
	void responseWhenApplicationSendsHstsOverHttpThenNginxDropsIt() throws Exception {
		HttpResponse<String> response = get("/connected-apps", Map.of());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().allValues("Strict-Transport-Security")).isEmpty();
	}

	@Test
	void tlsConfigurationWhenRenderedThenServesHttpsWithHstsAndRedirectsHttp() throws Exception {
		Path certs = WORK.resolve("certs-" + System.nanoTime());
		TestCertificate certificate = TestCertificate.writeTo(certs);
		int httpPort = FreePorts.next();
		int httpsPort = FreePorts.next();
		// no PUBLIC_HOST: the one name served is PUBLIC_URL's host
		Path prefix = NginxProcess.render("tls",
				Map.of("NGINX_PORT", String.valueOf(httpPort), "NGINX_TLS_PORT", String.valueOf(httpsPort),
						"PUBLIC_URL", "https://localhost:" + httpsPort + "/", "NGINX_CERT_DIR", certs.toString(),
						"AUTH_UPSTREAM", auth.address(), "MCP_UPSTREAM", mcp.address()),
				WORK);
		try (NginxProcess tls = NginxProcess.start(prefix, httpPort)) {
			HttpResponse<Void> redirect = this.http.send(
					HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + "/mcp?x=1")).build(),
					HttpResponse.BodyHandlers.discarding());
			assertThat(redirect.statusCode()).isEqualTo(308);
			// to the public origin, its port too (here not 443), and without the trailing
			// slash PUBLIC_URL was given with
			assertThat(redirect.headers().firstValue("Location"))
				.hasValue("https://localhost:" + httpsPort + "/mcp?x=1");
			// to the public name, not to whatever name the request gave
			RawAnswer elsewhere = raw(new Socket("127.0.0.1", httpPort),
					"GET /connected-apps HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n");
			assertThat(elsewhere.status()).isEqualTo(308);
			assertThat(elsewhere.header("Location")).isEqualTo("https://localhost:" + httpsPort + "/connected-apps");
			// what carries credentials is refused, not redirected: a client following the
			// redirect would send them in clear text at every request
			// (an MCP client that found no metadata registers at /register: JSON for it
			// too)
			Map<String, String> cleartext = Map.of("POST /oauth2/token", "\"error\":\"invalid_request\"", "POST /mcp",
					"\"code\":-32600", "GET /mcp", "\"code\":-32600", "POST /consent", "<h1>", "POST /register",
					"\"error\":\"invalid_request\"", "POST /token", "\"error\":\"invalid_request\"");
			for (Map.Entry<String, String> request : cleartext.entrySet()) {
				RawAnswer refused = raw(new Socket("127.0.0.1", httpPort), request.getKey() + " HTTP/1.1\r\nHost: "
						+ "localhost\r\nAuthorization: Bearer t\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
				assertThat(refused.status()).as(request.getKey()).isEqualTo(403);
				assertThat(refused.body()).as(request.getKey()).contains(request.getValue(), "https");
				assertThat(refused.header("Location")).as(request.getKey()).isNull();
			}

			HttpClient https = HttpClient.newBuilder().sslContext(certificate.sslContext()).build();
			HttpResponse<String> response = https.send(
					HttpRequest.newBuilder(URI.create("https://localhost:" + httpsPort + "/mcp")).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(200);
			// exactly one HSTS header, nginx's: the application's own (the stand-in sends
			// one) is not passed on
			assertThat(response.headers().allValues("Strict-Transport-Security"))
				.containsExactly("max-age=63072000; includeSubDomains");
			// the application's own, once
			assertThat(response.headers().allValues("X-Content-Type-Options")).containsExactly("nosniff");
			JsonNode headers = JSON.readTree(response.body()).get("headers");
			assertThat(headers.get("x-forwarded-proto").asString()).isEqualTo("https");
			assertThat(headers.get("x-forwarded-port").asString()).isEqualTo(String.valueOf(httpsPort));

			// an answer nginx writes itself carries the server's headers too
			HttpResponse<String> tooLarge = https
				.send(HttpRequest.newBuilder(URI.create("https://localhost:" + httpsPort + "/mcp"))
					.POST(HttpRequest.BodyPublishers.ofByteArray(new byte[5_000_000]))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(tooLarge.statusCode()).isEqualTo(413);
			assertThat(tooLarge.headers().allValues("Strict-Transport-Security"))
				.containsExactly("max-age=63072000; includeSubDomains");
			assertThat(tooLarge.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");

			// a request nginx refuses before any location, over HTTP/2: JSON, and the
			// server's headers
			HttpResponse<String> repeated = https
				.send(HttpRequest.newBuilder(URI.create("https://localhost:" + httpsPort + "/mcp"))
					.header("Authorization", "Bearer a")
					.header("Authorization", "Bearer b")
					.POST(HttpRequest.BodyPublishers.ofString("{}"))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(repeated.version()).isEqualTo(HttpClient.Version.HTTP_2);
			assertThat(repeated.statusCode()).isEqualTo(400);
			assertThat(repeated.headers().firstValue("Content-Type")).hasValue("application/json");
			assertThat(repeated.headers().allValues("Strict-Transport-Security"))
				.containsExactly("max-age=63072000; includeSubDomains");
			assertThat(JSON.readTree(repeated.body()).path("error").path("code").asInt()).isEqualTo(-32600);

			// a name this server does not serve: refused in the shape of the path, so no
			// sign-in redirect is ever built from it (these sockets send no SNI: the JDK
			// sends none for a name without a dot)
			// the public name with another port: links built from it would lead there
			for (String host : List.of("evil.example", "127.0.0.1:" + httpsPort, "localhost:1", "LOCALHOST:9",
					"localhost")) {
				RawAnswer page = rawTls(certificate, httpsPort,
						"GET /connected-apps HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
				assertThat(page.status()).as(host).isEqualTo(421);
				assertThat(page.text()).as(host)
					.doesNotContain("Location:")
					.contains("This address is not the gateway's");
			}
			RawAnswer mcpElsewhere = rawTls(certificate, httpsPort, "POST /mcp HTTP/1.1\r\nHost: evil.example\r\n"
					+ "Connection: close\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
			assertThat(mcpElsewhere.status()).isEqualTo(421);
			assertThat(JSON.readTree(mcpElsewhere.body()).path("error").path("code").asInt()).isEqualTo(-32600);
			RawAnswer tokenElsewhere = rawTls(certificate, httpsPort, "POST /oauth2/token HTTP/1.1\r\n"
					+ "Host: evil.example\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
			assertThat(tokenElsewhere.status()).isEqualTo(421);
			assertThat(JSON.readTree(tokenElsewhere.body()).path("error").asString()).isEqualTo("invalid_request");
			RawAnswer named = rawTls(certificate, httpsPort,
					"GET /connected-apps HTTP/1.1\r\nHost: localhost:" + httpsPort + "\r\nConnection: close\r\n\r\n");
			assertThat(named.status()).isEqualTo(200);
			// what nginx refuses before it reads Host keeps the shape of its path
			RawAnswer tooLong = rawTls(certificate, httpsPort, rawRequest("long-uri", "/mcp"));
			assertThat(tooLong.status()).isEqualTo(414);
			assertThat(JSON.readTree(tooLong.body()).path("error").path("code").asInt()).isEqualTo(-32600);
		}
	}

	/**
	 * A request as bytes: {@code what} is how it is broken, {@code path} where it goes
	 * ("/mcp" with "nul" is {@code /mcp%00}).
	 */
	private static String rawRequest(String what, String path) {
		String head = "Host: localhost\r\nConnection: close\r\n";
		String json = "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";
		return switch (what) {
			case "repeated-authorization" -> "POST " + path + " HTTP/1.1\r\n" + head
					+ "Authorization: Bearer a\r\nAuthorization: Bearer b\r\n" + json;
			case "large-header" ->
				"POST " + path + " HTTP/1.1\r\n" + head + "X-Large: " + "a".repeat(9000) + "\r\n" + json;
			case "long-uri" -> "POST " + path + "?" + "a".repeat(20_000) + " HTTP/1.1\r\n" + head + json;
			case "nul" -> "POST " + path + "%00 HTTP/1.1\r\n" + head + json;
			case "trace" -> "TRACE " + path + " HTTP/1.1\r\n" + head + "\r\n";
			case "gzip-body" -> "POST " + path + " HTTP/1.1\r\n" + head + "Transfer-Encoding: gzip\r\n\r\n";
			case "bad-chunk" ->
				"POST " + path + " HTTP/1.1\r\n" + head + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n";
			case "path-parameter" -> "POST " + path + ";x HTTP/1.1\r\n" + head + json;
			case "suffix" -> "POST " + path + ".json HTTP/1.1\r\n" + head + json;
			default -> throw new IllegalArgumentException(what);
		};
	}

	private static RawAnswer raw(String request) throws Exception {
		return raw(new Socket("127.0.0.1", nginx.port()), request);
	}

	private static RawAnswer rawTls(TestCertificate certificate, int port, String request) throws Exception {
		return raw(certificate.sslContext().getSocketFactory().createSocket("localhost", port), request);
	}

	private static RawAnswer raw(Socket connected, String request) throws Exception {
		try (Socket socket = connected) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
			socket.getOutputStream().flush();
			return new RawAnswer(new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
		}
	}

	/** An HTTP/1.1 answer as read off the socket (the connection closed after it). */
	record RawAnswer(String text) {

		int status() {
			return Integer.parseInt(this.text.substring(9, 12));
		}

		String header(String name) {
			for (String line : this.text.substring(0, this.text.indexOf("\r\n\r\n")).split("\r\n")) {
				int colon = line.indexOf(':');
				if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
					return line.substring(colon + 1).trim();
				}
			}
			return null;
		}

		String body() {
			return this.text.substring(this.text.indexOf("\r\n\r\n") + 4);
		}

	}

	private HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
		HttpRequest.Builder request = request(path).GET();
		headers.forEach(request::header);
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create(nginx.baseUrl() + path)).timeout(Duration.ofSeconds(20));
	}

}
