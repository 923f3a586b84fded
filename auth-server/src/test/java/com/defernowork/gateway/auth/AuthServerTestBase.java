package com.defernowork.gateway.auth;

import java.util.List;

import com.defernowork.gateway.auth.support.RunningAuthServer;
import com.defernowork.gateway.auth.support.RegistrationClient;
import com.defernowork.gateway.testsupport.AuthorizationCodeFlow;
import com.defernowork.gateway.testsupport.FreePorts;
import com.defernowork.gateway.testsupport.TestRedis;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One running auth server (real HTTP on a free port, Redis storage under a key prefix of
 * its own) shared by the integration tests; its keys are deleted when the test JVM ends.
 */
// auth.storage must be known before the dynamic properties are: the storage kind decides
// auto-configuration
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT, properties = "auth.storage=redis")
public abstract class AuthServerTestBase {

	protected static final int PORT = FreePorts.next();

	protected static final String BASE_URL = "http://127.0.0.1:" + PORT;

	protected static final String ISSUER = BASE_URL;

	protected static final String RESOURCE = "http://localhost:8001/mcp";

	protected static final String OTHER_RESOURCE = "https://mcp.example.com/mcp";

	protected static final String RS_CLIENT_ID = "rs-test";

	protected static final String RS_CLIENT_SECRET = "rs-test-secret-0123456789-abcdefghij-KLMNOPQRST";

	protected static final String REDIS_PREFIX = TestRedis.uniquePrefix("auth-it");

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteKeys(REDIS_PREFIX)));
	}

	@DynamicPropertySource
	static void authServer(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> PORT);
		registry.add("auth.issuer", () -> ISSUER);
		registry.add("auth.resources", () -> RESOURCE + "," + OTHER_RESOURCE);
		registry.add("auth.rs-client.id", () -> RS_CLIENT_ID);
		registry.add("auth.rs-client.secret", () -> RS_CLIENT_SECRET);
		registry.add("auth.vault.key", () -> RunningAuthServer.VAULT_KEY);
		registry.add("auth.tokens.refresh-reuse-grace", () -> "2s");
		registry.add("spring.data.redis.url", TestRedis::url);
		registry.add("auth.redis.key-prefix", () -> REDIS_PREFIX);
	}

	protected final RegistrationClient registration = new RegistrationClient(BASE_URL);

	protected final AuthorizationCodeFlow flow = new AuthorizationCodeFlow(BASE_URL);

	/** Connections to the test Redis, started; the caller destroys them. */
	public static LettuceConnectionFactory testRedisConnections() {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(TestRedis.host(), TestRedis.port()));
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	public static void deleteKeys(String prefix) {
		deleteMatching(prefix + "*");
	}

	/**
	 * Ends the refresh replays' windows, which Redis times in real time for every server
	 * alike, as their keys' time running out would: the server's clock moved past a grace
	 * no longer ends them.
	 */
	protected static void endReplayWindows() {
		deleteMatching(REDIS_PREFIX + "*:replay");
	}

	private static void deleteMatching(String pattern) {
		LettuceConnectionFactory factory = testRedisConnections();
		try {
			StringRedisTemplate redis = new StringRedisTemplate(factory);
			List<String> keys = new java.util.ArrayList<>();
			try (Cursor<String> cursor = redis.scan(ScanOptions.scanOptions().match(pattern).count(1000).build())) {
				cursor.forEachRemaining(keys::add);
			}
			if (!keys.isEmpty()) {
				redis.delete(keys);
			}
		}
		finally {
			factory.destroy();
		}
	}

}
