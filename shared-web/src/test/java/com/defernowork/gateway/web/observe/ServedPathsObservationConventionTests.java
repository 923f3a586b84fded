package com.defernowork.gateway.web.observe;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class ServedPathsObservationConventionTests {

	private final ServedPathsObservationConvention convention = new ServedPathsObservationConvention(
			List.of("/oauth2/token", "/mcp"));

	@Test
	void uriWhenAServedPathWithoutAPatternThenThePath() {
		assertThat(uri("/oauth2/token", 200, null)).isEqualTo("/oauth2/token");
		// a filter's redirect, or its refusal
		assertThat(uri("/oauth2/token", 302, null)).isEqualTo("/oauth2/token");
		assertThat(uri("/mcp", 401, null)).isEqualTo("/mcp");
	}

	@Test
	void uriWhenAPatternOrAnotherPathThenAsSpringTagsIt() {
		assertThat(uri("/oauth2/register", 201, "/oauth2/register")).isEqualTo("/oauth2/register");
		assertThat(uri("/oauth2/token", 405, "/oauth2/{endpoint}")).isEqualTo("/oauth2/{endpoint}");
		assertThat(uri("/nowhere", 404, null)).isEqualTo("NOT_FOUND");
		assertThat(uri("/mcp/", 200, null)).isEqualTo("UNKNOWN");
		assertThat(uri("/elsewhere", 302, null)).isEqualTo("REDIRECTION");
	}

	private String uri(String path, int status, String pattern) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", path);
		request.setServletPath(path);
		MockHttpServletResponse response = new MockHttpServletResponse();
		response.setStatus(status);
		ServerRequestObservationContext context = new ServerRequestObservationContext(request, response);
		context.setPathPattern(pattern);
		return this.convention.getLowCardinalityKeyValues(context)
			.stream()
			.filter((keyValue) -> keyValue.getKey().equals("uri"))
			.findFirst()
			.orElseThrow()
			.getValue();
	}

}
