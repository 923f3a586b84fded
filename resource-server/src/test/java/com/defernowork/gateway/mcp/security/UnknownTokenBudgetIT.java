package com.defernowork.gateway.mcp.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.defernowork.gateway.mcp.security.support.AuthServerStub;
import com.defernowork.gateway.mcp.security.support.ClassScopedWireMock;
import com.defernowork.gateway.mcp.security.support.HttpProbe.Answer;
import com.defernowork.gateway.mcp.security.support.HttpProbeTestSupport;
import com.defernowork.gateway.mcp.security.support.SecurityLayerTestConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Made-up bearer tokens from one network, each of which would cost an introspection,
 * against a budget of three refusals a minute; the networks are told apart by the
 * forwarded address a proxy in front would send.
 */
@SpringBootTest(classes = UnknownTokenBudgetIT.Application.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class UnknownTokenBudgetIT extends HttpProbeTestSupport {

	static final String RESOURCE = "https://mcp.example.test/mcp";

	static final String WHOAMI = """
			{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"whoami","arguments":{}}}""";

	@RegisterExtension
	static final ClassScopedWireMock stub = new ClassScopedWireMock();

	static final AuthServerStub authServer = new AuthServerStub(stub);

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		AuthServerStub.register(registry, "https://mcp.example.test", "http://localhost:9000", stub::baseUrl);
		registry.add("mcp.security.unknown-tokens-per-minute", () -> "3");
	}

	@Test
	void mcpWhenANetworkSentTooManyUnknownTokensThenItsNewOnesAreRefusedUnaskedAndKnownOnesStillPass(
			CapturedOutput output) {
		String network = "2001:db8:7:1::";
		String known = "tok-" + UUID.randomUUID();
		authServer.activeToken(known, "profile:read", RESOURCE, Instant.now().plus(Duration.ofHours(1)));
		assertThat(post(network + "1", known).status()).isEqualTo(200);
		for (int i = 0; i < 3; i++) {
			String madeUp = "tok-" + UUID.randomUUID();
			authServer.inactiveToken(madeUp);
			// another host of the same /64 counts for the same network
			assertThat(post(network + (i + 2), madeUp).status()).isEqualTo(401);
			// a retried refused token is answered from the cache and counts once
			assertThat(post(network + (i + 2), madeUp).status()).isEqualTo(401);
		}

		String next = "tok-" + UUID.randomUUID();
		authServer.activeToken(next, "profile:read", RESOURCE, Instant.now().plus(Duration.ofHours(1)));
		Answer refused = post(network + "ff", next);
		assertThat(refused.status()).as(refused.body()).isEqualTo(429);
		assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 60L);
		assertThat(refused.body()).contains("temporarily_unavailable", "came from your network");
		assertThat(authServer.introspectionsOf(next)).as("not asked").isZero();
		// one WARN naming the network as it is counted, however many follow within the
		// interval
		assertThat(post(network + "fe", next).status()).isEqualTo(429);
		assertThat(output.getAll().split("Refused a token from 20010db800070001::/64 unasked", -1)).as(output.getAll())
			.hasSize(2);
		assertThat(output).contains(
				"refused 3 of this network's tokens within a minute " + "(MCP_SECURITY_UNKNOWN_TOKENS_PER_MINUTE)");
		assertThat(post(network + "1", known).status()).as("a token checked before").isEqualTo(200);
		assertThat(post("203.0.113.9", next).status()).as("another network").isEqualTo(200);
	}

	private Answer post(String forwardedFor, String token) {
		return this.http.send(HttpMethod.POST, "/mcp",
				Map.of("Authorization", "Bearer " + token, "X-Forwarded-For", forwardedFor), WHOAMI);
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@Import(SecurityLayerTestConfig.class)
	static class Application {

	}

}
