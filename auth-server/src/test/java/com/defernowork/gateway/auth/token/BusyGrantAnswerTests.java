package com.defernowork.gateway.auth.token;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A busy refresh is worth retrying (503); a busy code redemption is not: the code is in
 * use by the other redemption, and redeeming it again would be a replay.
 */
class BusyGrantAnswerTests {

	private static final OAuth2AuthenticationException BUSY = new OAuth2AuthenticationException(
			new OAuth2Error(OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE, "Another refresh is still running", null));

	@Test
	void refreshWhenGrantBusyThen503WithRetryAfter() throws Exception {
		MockHttpServletResponse response = answer("refresh_token");
		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(response.getHeader("Retry-After")).isEqualTo("2");
		assertThat(response.getContentAsString()).contains("\"error\":\"temporarily_unavailable\"");
	}

	@Test
	void codeRedemptionWhenCodeBusyThen400AsTheFrameworkAnswers() throws Exception {
		MockHttpServletResponse response = answer("authorization_code");
		assertThat(response.getStatus()).isEqualTo(400);
		assertThat(response.getHeader("Retry-After")).isNull();
		assertThat(response.getContentAsString()).contains("\"error\":\"temporarily_unavailable\"");
	}

	private static MockHttpServletResponse answer(String grantType) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/oauth2/token");
		request.setParameter("grant_type", grantType);
		MockHttpServletResponse response = new MockHttpServletResponse();
		new BusyGrantAnswer().onAuthenticationFailure(request, response, BUSY);
		return response;
	}

}
