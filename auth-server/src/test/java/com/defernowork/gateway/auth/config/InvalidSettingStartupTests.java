package com.defernowork.gateway.auth.config;

import java.util.ArrayList;
import java.util.List;

import com.defernowork.gateway.web.settings.InvalidSettingException;

import com.defernowork.gateway.auth.AuthServerApplication;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A bad setting stops the start with Spring Boot's short report naming the setting, not
 * with a stack trace (the application's {@code FailureAnalyzer} from
 * {@code META-INF/spring.factories}).
 */
@ExtendWith(OutputCaptureExtension.class)
class InvalidSettingStartupTests {

	@Test
	void runWhenIssuerHasTrailingSlashThenShortReportNamesTheSetting(CapturedOutput output) {
		assertThatThrownBy(() -> run("--auth.issuer=http://localhost:9000/"))
			.hasRootCauseInstanceOf(InvalidSettingException.class);
		String report = output.getAll().substring(output.getAll().indexOf("APPLICATION FAILED TO START"));
		assertThat(report).contains("""
				Description:

				AUTH_ISSUER (auth.issuer) must be an http(s) origin without path, query or trailing slash, \
				e.g. https://mcp.example.com, was 'http://localhost:9000/'

				Action:

				Set AUTH_ISSUER (auth.issuer) to an http(s) origin""");
		assertThat(output.getAll()).doesNotContain("\tat ").doesNotContain("Failed to bind properties");
		assertThat(report.lines().count()).isLessThan(15);
	}

	@Test
	void runWhenUnknownStorageThenShortReportListsTheValues(CapturedOutput output) {
		assertThatThrownBy(() -> run("--auth.storage=bogus")).isInstanceOf(InvalidSettingException.class);
		assertThat(output.getAll()).contains("APPLICATION FAILED TO START")
			.contains("AUTH_STORAGE (auth.storage) must be redis or memory")
			.doesNotContain("No enum constant")
			.doesNotContain("\tat ");
	}

	@Test
	void runWhenARedisTimeoutIsNotPositiveThenShortReportNamesIt(CapturedOutput output) {
		// 0 would turn the command timeout off: a hung Redis would hang every request
		for (String[] setting : new String[][] { { "timeout", "0s" }, { "connect-timeout", "-1s" } }) {
			int before = output.getAll().length();
			assertThatThrownBy(() -> run("--spring.data.redis." + setting[0] + "=" + setting[1]))
				.isInstanceOf(InvalidSettingException.class);
			String name = "SPRING_DATA_REDIS_" + setting[0].toUpperCase().replace('-', '_') + " (spring.data.redis."
					+ setting[0] + ")";
			assertThat(output.getAll().substring(before)).contains("APPLICATION FAILED TO START")
				.contains(name + " must be a positive duration, e.g. 30s, 5m or 1d, was '" + setting[1] + "'")
				.doesNotContain("\tat ");
		}
	}

	@Test
	void runWhenATokenLifetimeIsNegativeThenTheReportQuotesItAsTheOperatorWritesIt(CapturedOutput output) {
		assertThatThrownBy(() -> run("--auth.tokens.access-token-ttl=-5m"))
			.hasRootCauseInstanceOf(InvalidSettingException.class);
		assertThat(output.getAll()).contains("was '-5m'").doesNotContain("PT-5M");
	}

	@Test
	void runWhenATokenLifetimeIsLongerThanACenturyThenRefusedAsEveryTokenRequestWouldFail(CapturedOutput output) {
		// accepted, every token request met a 500: its expiry is past the last instant
		for (String ttl : new String[] { "40000d", "99999999999999d" }) {
			// the second overflowed nanoseconds while being quoted, and the report said
			// only that
			String start = refusedStart(output, "--auth.tokens.access-token-ttl=" + ttl, InvalidSettingException.class);
			assertThat(start)
				.contains("AUTH_ACCESS_TOKEN_TTL (auth.tokens.access-token-ttl) must be a positive duration "
						+ "of at most 36500d (a century), was '" + ttl + "'")
				.doesNotContain("\tat ");
		}
	}

	@Test
	void runWhenTheWholeServerRefusesASettingThenTheReportIsTheOnlyErrorLogged(CapturedOutput output) {
		String start = refusedStart(output, "--auth.issuer=http://localhost:9000/", InvalidSettingException.class);
		// Tomcat's ERROR said it above the report, naming exception classes and beans
		assertThat(start.lines()
			.filter((line) -> line.contains(" ERROR ") && !line.contains("LoggingFailureAnalysisReporter"))).isEmpty();
		assertThat(start).doesNotContain("UnsatisfiedDependencyException");
	}

	@Test
	void runWhenANestedSettingIsRefusedThenNoWarningNamesExceptionClassesAboveTheReport(CapturedOutput output) {
		String start = refusedStart(output, "--auth.consent-ttl=3600", IllegalArgumentException.class);
		// the context's WARN repeated the cause as a chain of exceptions and beans
		assertThat(start).contains("auth.consent-ttl must be a duration")
			.doesNotContain("Exception encountered during context initialization")
			.doesNotContain("Exception:");
	}

	@Test
	void runWhenTheResourceServersClientIdIsEmptyThenTheWholeServerRefusesItInShortNotDeepInTheStart(
			CapturedOutput output) {
		// it died in a stack trace ("clientId cannot be empty") at the first lookup
		String start = refusedStart(output, "--auth.rs-client.id=", InvalidSettingException.class);
		assertThat(start).contains("APPLICATION FAILED TO START")
			.contains("RS_CLIENT_ID (auth.rs-client.id) must be a client id, not empty")
			.doesNotContain("\tat ");
	}

	@Test
	void runWhenTheOidcIssuerIsNoUrlThenRefusedAndTheConnectorIsReadInAnyCase(CapturedOutput output) {
		String start = refusedStart(output, "--auth.upstream.connector=OIDC", InvalidSettingException.class,
				"--auth.upstream.oidc-issuer=not-a-url", "--auth.upstream.oidc-client-id=gateway",
				"--auth.upstream.internal-shared-secret=a-shared-secret-of-our-own");
		assertThat(start).contains("APPLICATION FAILED TO START")
			.contains("OIDC_ISSUER (auth.upstream.oidc-issuer) must be an absolute http(s) URL without query or "
					+ "fragment, e.g. https://host.example.com/api, was 'not-a-url'")
			.doesNotContain("\tat ");
	}

	@Test
	void runWhenSentinelNodesAreSetWithoutTheMastersNameThenShortReportNamesBoth(CapturedOutput output) {
		// Boot's connection factory failed in a chain of exceptions naming neither
		String start = refusedStart(output, "--spring.data.redis.sentinel.nodes=127.0.0.1:26379",
				InvalidSettingException.class);
		assertThat(start).contains("""
				Description:

				SPRING_DATA_REDIS_SENTINEL_NODES (spring.data.redis.sentinel.nodes) needs \
				SPRING_DATA_REDIS_SENTINEL_MASTER (spring.data.redis.sentinel.master), which is not set""")
			.doesNotContain("\tat ");
	}

	@Test
	void runWhenANumberInjectedIntoABeanAnotherNeedsIsNoNumberThenShortReportNamesIt(CapturedOutput output) {
		// the quota is built for the connected-apps page's constructor: the analysis
		// looked at that outer dependency, which names no setting
		String start = refusedStart(output, "--auth.registration.per-network-per-hour=abc",
				NumberFormatException.class);
		assertThat(start).contains("APPLICATION FAILED TO START")
			.contains("auth.registration.per-network-per-hour must be a whole number, was 'abc'")
			.doesNotContain("\tat ");
	}

	@Test
	void runWhenARedisNodeListLacksAPortOrUsesAnotherSeparatorThenShortReportNamesIt(CapturedOutput output) {
		for (String[] nodes : new String[][] { { "cluster", "127.0.0.1" },
				{ "cluster", "127.0.0.1:7000;127.0.0.1:7001" }, { "sentinel", "127.0.0.1:26379,127.0.0.1" } }) {
			String start = refusedStart(output, "--spring.data.redis." + nodes[0] + ".nodes=" + nodes[1],
					InvalidSettingException.class, "--spring.data.redis.sentinel.master=mymaster",
					// as compose passes it (CI exports one)
					"--REDIS_URL=");
			assertThat(start)
				.contains("spring.data.redis." + nodes[0]
						+ ".nodes) must be host:port pairs separated by commas, e.g. redis-1:6379,redis-2:6379, was '"
						+ nodes[1] + "'")
				.doesNotContain("\tat ");
		}
	}

	@Test
	void runWhenRedisUrlBesideClusterNodesThenRefusedSayingWhereCredentialsGo(CapturedOutput output) {
		String start = refusedStart(output, "--REDIS_URL=redis://redis:6379", InvalidSettingException.class,
				"--spring.data.redis.cluster.nodes=127.0.0.1:7000,127.0.0.1:7001");
		assertThat(start)
			.contains("REDIS_URL (spring.data.redis.url) and SPRING_DATA_REDIS_CLUSTER_NODES "
					+ "(spring.data.redis.cluster.nodes) are both set")
			.contains("leave REDIS_URL unset or empty", "SPRING_DATA_REDIS_PASSWORD")
			.doesNotContain("\tat ");
	}

	@Test
	void runWhenRedisUrlIsMalformedThenItsPasswordIsMaskedWhateverItHolds(CapturedOutput output) {
		for (String url : new String[] { "redis://:ab/cd+ef=@127.0.0.1:6379", "redis://:p@ss#w/rd@127.0.0.1:6379" }) {
			String start = refusedStart(output, "--REDIS_URL=" + url, InvalidSettingException.class);
			assertThat(start).contains("REDIS_URL (spring.data.redis.url) must be a redis:// or rediss:// URL")
				.contains("was 'redis://***@127.0.0.1:6379'", "write / as %2F")
				.doesNotContain("cd+ef", "ss#w")
				.doesNotContain("\tat ");
		}
	}

	/** What the whole auth server logs when it refuses to start with the setting. */
	private static String refusedStart(CapturedOutput output, String setting, Class<? extends Throwable> cause,
			String... others) {
		SpringApplication application = new SpringApplication(AuthServerApplication.class);
		int before = output.getAll().length();
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--management.server.port=",
				"--spring.main.banner-mode=off", "--auth.storage=memory", setting));
		args.addAll(List.of(others));
		// refused while the context starts, or before it, as the environment is prepared
		assertThatThrownBy(() -> application.run(args.toArray(String[]::new))).satisfiesAnyOf(
				(failure) -> assertThat(failure).hasRootCauseInstanceOf(cause),
				(failure) -> assertThat(failure).isInstanceOf(cause));
		return output.getAll().substring(before);
	}

	/** A start of the auth server's properties alone, without a web server or banner. */
	private static void run(String setting) {
		SpringApplication application = new SpringApplication(WithAuthProperties.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.run(setting, "--spring.main.banner-mode=off");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(AuthProperties.class)
	static class WithAuthProperties {

	}

}
