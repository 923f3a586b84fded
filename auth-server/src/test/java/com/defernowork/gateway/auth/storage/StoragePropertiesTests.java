package com.defernowork.gateway.auth.storage;

import java.util.Map;

import com.defernowork.gateway.web.settings.InvalidSettingException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoragePropertiesTests {

	private static StorageProperties bind(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("auth", StorageProperties.class);
	}

	@Test
	void bindWhenDefaultsThenValid() {
		assertThat(bind(Map.of()).consentTtl()).hasDays(365);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			consent-ttl               | -1d | AUTH_CONSENT_TTL
			pending-authorization-ttl | 0   | AUTH_PENDING_AUTHORIZATION_TTL
			client-idle-ttl           | 0   | AUTH_CLIENT_IDLE_TTL
			client-reap-interval      | -1m | AUTH_CLIENT_REAP_INTERVAL
			""")
	void bindWhenNotPositiveThenNamesTheSetting(String name, String value, String env) {
		assertThatThrownBy(() -> bind(Map.of("auth." + name, value))).rootCause()
			.isInstanceOf(InvalidSettingException.class)
			.hasMessageStartingWith(env + " (auth." + name + ") must be a positive duration");
	}

	@Test
	void bindWhenKeyPrefixHoldsAHashTagThenNamesTheSetting() {
		assertThatThrownBy(() -> bind(Map.of("auth.redis.key-prefix", "a{b}"))).rootCause()
			.isInstanceOf(InvalidSettingException.class)
			.hasMessage("AUTH_REDIS_KEY_PREFIX (auth.redis.key-prefix) must be text without '{' or '}' "
					+ "(Redis Cluster hash tags), was 'a{b}'");
	}

}
