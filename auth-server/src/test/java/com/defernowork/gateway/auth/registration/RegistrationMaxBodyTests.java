package com.defernowork.gateway.auth.registration;

import java.util.List;

import tools.jackson.databind.json.JsonMapper;

import com.defernowork.gateway.auth.config.AuthProperties;
import com.defernowork.gateway.web.settings.InvalidSettingException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegistrationMaxBodyTests {

	@ParameterizedTest
	@ValueSource(ints = { -1, 0 })
	void controllerWhenMaxBodyNotPositiveThenNamesTheSetting(int maxBody) {
		AuthProperties properties = new AuthProperties("http://localhost:9000", List.of("http://localhost:8001/mcp"),
				null, null, null);
		assertThatThrownBy(
				() -> new ClientRegistrationController(null, JsonMapper.builder().build(), properties, null, maxBody))
			.isInstanceOf(InvalidSettingException.class)
			.hasMessageStartingWith(
					"AUTH_REGISTRATION_MAX_BODY (auth.registration.max-body-bytes) must be a whole number of 1 or more");
	}

	@ParameterizedTest
	@ValueSource(ints = { -1, 0 })
	void quotaWhenNewClientsPerHourNotPositiveThenNamesTheSetting(int perHour) {
		assertThatThrownBy(() -> new NewClientQuota(null, perHour)).isInstanceOf(InvalidSettingException.class)
			.hasMessageStartingWith("AUTH_REGISTRATIONS_PER_HOUR (auth.registration.per-network-per-hour) must be a "
					+ "whole number of 1 or more");
	}

}
