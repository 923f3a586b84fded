package com.defernowork.gateway.auth.upstream;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

import com.defernowork.gateway.auth.audit.AuditEvent;
import com.defernowork.gateway.auth.storage.memory.MemoryRegisteredClientRepository;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each failure page's sign-in audited once, with one of the few reasons the counter
 * takes, and the upstream's own code beside it; an expired link logged, saying what to
 * check when it came without a session; what the operator reads of a call upstream that
 * failed, and the reference the person sees.
 */
@ExtendWith(OutputCaptureExtension.class)
class SignInFailurePagesTests {

	private final List<AuditEvent> audited = new ArrayList<>();

	private final SignInFailurePages pages = new SignInFailurePages(
			new MemoryRegisteredClientRepository(null, Clock.systemUTC()), "http://localhost:9000", engine(), "deferno",
			(request) -> RequestingClient.NONE, (event) -> this.audited.add((AuditEvent) event));

	@Test
	void failureWhenDefernoCannotAnswerOrSaysItCannotThenDefernoUnavailable() throws Exception {
		fail(callback("code=c&state=s"), new OAuth2AuthenticationException(
				new OAuth2Error(OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE), new ResourceAccessException("refused")));
		fail(callback("code=c&state=s"),
				new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE),
						HttpServerErrorException.create(HttpStatus.SERVICE_UNAVAILABLE, "", null, null, null)));
		// RFC 6749 §4.1.2.1's codes for a server that cannot answer now, reported on the
		// redirect
		fail(callback("error=temporarily_unavailable&state=s"), refused(OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE));

		assertThat(this.audited).extracting(AuditEvent::details)
			.allSatisfy((details) -> assertThat(details).containsEntry("connector", "deferno")
				.containsEntry("outcome", "failure")
				.containsEntry("reason", "deferno_unavailable"));
		assertThat(this.audited).extracting((event) -> event.detail("error", null))
			.containsExactly("temporarily_unavailable", "temporarily_unavailable", "temporarily_unavailable");
	}

	@Test
	void failureWhenPersonCancelsThenCancelledNotAFailure() throws Exception {
		fail(callback("error=access_denied&state=s"), refused("access_denied"));
		assertThat(this.audited).singleElement()
			.satisfies((event) -> assertThat(event.details()).containsEntry("outcome", "cancelled")
				.doesNotContainKeys("reason", "error"));
	}

	@Test
	void failureWhenDefernoRefusesThenDefernoRefusedWithItsCode() throws Exception {
		fail(callback("code=c&state=s"), refused("invalid_redirect_uri"));
		fail(callback("code=c&state=s"), refused(OAuth2ErrorCodes.INVALID_GRANT));
		fail(callback("error=unsupported_response_type&state=s"), refused("unsupported_response_type"));
		// an upstream's code outside RFC 6749's characters is not quoted
		fail(callback("code=c&state=s"), refused("bad code\n{\"forged\":1}"));
		assertThat(this.audited).extracting((event) -> event.detail("reason", null)).containsOnly("deferno_refused");
		assertThat(this.audited).extracting((event) -> event.detail("error", null))
			.containsExactly("invalid_redirect_uri", "invalid_grant", "unsupported_response_type", null);
	}

	@Test
	void failureWhenTheAnswerIsIncompleteOrRepeatedThenOther() throws Exception {
		fail(callback("code=c"), refused(OAuth2ErrorCodes.INVALID_REQUEST));
		fail(callback("code=c&code=d&state=s"), new OAuth2AuthenticationException(
				new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST, PendingSignIns.REPEATED, null)));
		assertThat(this.audited).extracting((event) -> event.detail("reason", null)).containsOnly("other");
	}

	@Test
	void failureWhenNoSuchSignInUnderWayThenExpiredAndLoggedNamingTheIssuer(CapturedOutput output) throws Exception {
		MockHttpServletResponse page = fail(callback("code=c&state=foreign"),
				refused("authorization_request_not_found"));

		assertThat(page.getStatus()).isEqualTo(400);
		assertThat(this.audited).singleElement()
			.satisfies((event) -> assertThat(event.details()).containsEntry("outcome", "failure")
				.containsEntry("reason", "expired"));
		assertThat(output).contains("WARN",
				"A sign-in's answer from Deferno matched no sign-in under way in its browser (the page says the "
						+ "link has expired): it came without a session; if every sign-in ends so, people open the "
						+ "gateway at another address than AUTH_ISSUER (http://localhost:9000)");
	}

	@Test
	void failureWhenAtTheStartThenTheAppItWasStartedForIsNamedUnlessItsStoreFailsToo() throws Exception {
		MockHttpServletRequest start = new MockHttpServletRequest("GET", "/oauth2/authorization/deferno");
		start.setServletPath("/oauth2/authorization/deferno");
		OAuth2AuthenticationException unavailable = new OAuth2AuthenticationException(
				new OAuth2Error(OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE), new ResourceAccessException("refused"));
		new SignInFailurePages(new MemoryRegisteredClientRepository(null, Clock.systemUTC()), "http://localhost:9000",
				engine(), "deferno", (request) -> new RequestingClient("inspector", "Inspector", null, null, null),
				(event) -> this.audited.add((AuditEvent) event))
			.onAuthenticationFailure(start, new MockHttpServletResponse(), unavailable);
		MockHttpServletResponse page = new MockHttpServletResponse();
		new SignInFailurePages(new MemoryRegisteredClientRepository(null, Clock.systemUTC()), "http://localhost:9000",
				engine(), "deferno", (request) -> {
					throw new IllegalStateException("store down");
				}, (event) -> this.audited.add((AuditEvent) event))
			.onAuthenticationFailure(start, page, unavailable);

		assertThat(page.getStatus()).isEqualTo(503);
		assertThat(this.audited).extracting(AuditEvent::client).containsExactly("inspector", null);
		assertThat(this.audited).extracting((event) -> event.detail("reason", null))
			.containsOnly("deferno_unavailable");
	}

	@Test
	void failureWhenNoSuchConnectorThenNoSignInCounted() throws Exception {
		MockHttpServletRequest start = new MockHttpServletRequest("GET", "/oauth2/authorization/elsewhere");
		start.setServletPath("/oauth2/authorization/elsewhere");
		MockHttpServletResponse page = fail(start,
				new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.SERVER_ERROR),
						new IllegalArgumentException("Invalid Client Registration with Id: elsewhere")));
		assertThat(page.getStatus()).isEqualTo(404);
		assertThat(this.audited).isEmpty();
	}

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

		this.pages.onAuthenticationFailure(callback("code=c&state=s"), response,
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

		this.pages.onAuthenticationFailure(callback("code=c&state=s"), response,
				new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.SERVER_ERROR), answer));

		assertThat(output.getAll()).contains("failed: 502").doesNotContain("X-Request-Id");
		assertThat(response.getContentAsString()).doesNotContain("Reference for support");
	}

	private MockHttpServletResponse fail(MockHttpServletRequest request, AuthenticationException ex) throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.pages.onAuthenticationFailure(request, response, ex);
		return response;
	}

	private static OAuth2AuthenticationException refused(String code) {
		return new OAuth2AuthenticationException(new OAuth2Error(code));
	}

	private static MockHttpServletRequest callback(String query) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", UpstreamSecurityConfig.CALLBACK_PATH);
		request.setServletPath(UpstreamSecurityConfig.CALLBACK_PATH);
		request.setQueryString(query);
		for (String pair : query.split("&")) {
			String[] nameValue = pair.split("=", 2);
			request.addParameter(nameValue[0], nameValue[1]);
		}
		return request;
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
