package com.defernowork.gateway.auth.upstream;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.web.client.HttpServerErrorException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the operator reads of a sign-in whose call upstream failed, and what the person
 * sees.
 */
@ExtendWith(OutputCaptureExtension.class)
class SignInFailurePagesTests {

	private final SignInFailurePages pages = new SignInFailurePages(null, "http://localhost", engine());

	@Test
	void failureWhenDefernoAnswers503ThenTheWarningNamesItsRequestIdAndThePageTheReference(CapturedOutput output)
			throws Exception {
		HttpHeaders headers = new HttpHeaders();
		headers.set("X-Request-Id", "req-7f3a");
		HttpServerErrorException answer = HttpServerErrorException.create(HttpStatus.SERVICE_UNAVAILABLE,
				"Service Unavailable", headers,
				"{\"error\":{\"code\":\"unavailable\"}}".getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
		MockHttpServletResponse response = new MockHttpServletResponse();
		// as TraceIdHeader sets it before the request is served
		response.setHeader("X-Trace-Id", "4bf92f3577b34da6a3ce929d0e0e4736");

		this.pages.onAuthenticationFailure(new MockHttpServletRequest("GET", "/login/callback"), response,
				new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.SERVER_ERROR), answer));

		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(output.getAll().lines().filter((line) -> line.contains("A sign-in's call upstream"))).singleElement()
			.satisfies((line) -> assertThat(line).contains("WARN", "failed: 503", "(X-Request-Id req-7f3a)"));
		assertThat(response.getContentAsString()).contains("Deferno cannot be reached right now",
				"Reference for support:", "<code>4bf92f3577b34da6a3ce929d0e0e4736</code>");
	}

	@Test
	void failureWhenTheAnswerNamesNoRequestIdThenTheWarningNamesNone(CapturedOutput output) throws Exception {
		HttpServerErrorException answer = HttpServerErrorException.create(HttpStatus.BAD_GATEWAY, "Bad Gateway",
				new HttpHeaders(), new byte[0], StandardCharsets.UTF_8);
		MockHttpServletResponse response = new MockHttpServletResponse();

		this.pages.onAuthenticationFailure(new MockHttpServletRequest("GET", "/login/callback"), response,
				new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.SERVER_ERROR), answer));

		assertThat(output.getAll()).contains("failed: 502").doesNotContain("X-Request-Id");
		assertThat(response.getContentAsString()).doesNotContain("Reference for support");
	}

	private static SpringTemplateEngine engine() {
		ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
		resolver.setPrefix("templates/");
		resolver.setSuffix(".html");
		SpringTemplateEngine engine = new SpringTemplateEngine();
		engine.setTemplateResolver(resolver);
		return engine;
	}

}
