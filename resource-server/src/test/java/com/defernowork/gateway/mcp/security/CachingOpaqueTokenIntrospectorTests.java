package com.defernowork.gateway.mcp.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.core.DefaultOAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OAuth2IntrospectionException;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CachingOpaqueTokenIntrospectorTests {

	private static final String RESOURCE = "https://mcp.example.test/mcp";

	private final AtomicInteger calls = new AtomicInteger();

	private CachingOpaqueTokenIntrospector caching(OpaqueTokenIntrospector delegate, Duration ceiling) {
		return new CachingOpaqueTokenIntrospector(new AudienceCheckingIntrospector(delegate, RESOURCE),
				new McpSecurityProperties.Cache(ceiling, Duration.ofMillis(300), Duration.ofMinutes(10), 100),
				Clock.systemUTC());
	}

	private OpaqueTokenIntrospector answering(String aud, Instant exp) {
		return (token) -> {
			this.calls.incrementAndGet();
			return new DefaultOAuth2AuthenticatedPrincipal("u-alice1", Map.of("aud", List.of(aud), "exp", exp),
					List.of());
		};
	}

	@Test
	void introspectWhenTokenExpiresBeforeCeilingThenCachedOnlyUntilExpiry() throws Exception {
		CachingOpaqueTokenIntrospector introspector = caching(
				answering(RESOURCE, Instant.now().plusMillis(1200)), Duration.ofSeconds(60));
		OAuth2AuthenticatedPrincipal principal = introspector.introspect("t1");
		assertThat(principal.getName()).isEqualTo("u-alice1");
		introspector.introspect("t1");
		assertThat(this.calls).hasValue(1);
		Thread.sleep(1500);
		// the cached answer is gone with the token's life; the delegate is asked and now finds it expired
		assertThatExceptionOfType(BadOpaqueTokenException.class).isThrownBy(() -> introspector.introspect("t1"));
		assertThat(this.calls).hasValue(2);
	}

	@Test
	void introspectWhenOtherAudienceThenRefusedAndNegativelyCached() throws Exception {
		CachingOpaqueTokenIntrospector introspector = caching(
				answering("https://other.example.test/mcp", Instant.now().plusSeconds(600)), Duration.ofSeconds(60));
		assertThatExceptionOfType(BadOpaqueTokenException.class).isThrownBy(() -> introspector.introspect("t2"))
			.withMessageContaining(RESOURCE);
		assertThatExceptionOfType(BadOpaqueTokenException.class).isThrownBy(() -> introspector.introspect("t2"));
		assertThat(this.calls).hasValue(1);
		Thread.sleep(500);
		assertThatExceptionOfType(BadOpaqueTokenException.class).isThrownBy(() -> introspector.introspect("t2"));
		assertThat(this.calls).hasValue(2);
	}

	@Test
	void introspectWhenAuthServerUnreachableThenNotCached() {
		CachingOpaqueTokenIntrospector introspector = caching((token) -> {
			this.calls.incrementAndGet();
			throw new OAuth2IntrospectionException("connection refused");
		}, Duration.ofSeconds(60));
		assertThatExceptionOfType(OAuth2IntrospectionException.class).isThrownBy(() -> introspector.introspect("t3"));
		assertThatExceptionOfType(OAuth2IntrospectionException.class).isThrownBy(() -> introspector.introspect("t3"));
		assertThat(this.calls).hasValue(2);
	}

	@Test
	void invalidateWhenCachedThenAskedAgain() {
		CachingOpaqueTokenIntrospector introspector = caching(answering(RESOURCE, Instant.now().plusSeconds(600)),
				Duration.ofSeconds(60));
		introspector.introspect("t4");
		introspector.invalidate("t4");
		introspector.introspect("t4");
		assertThat(this.calls).hasValue(2);
	}

}
