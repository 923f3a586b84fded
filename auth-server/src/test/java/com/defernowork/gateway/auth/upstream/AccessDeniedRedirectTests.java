package com.defernowork.gateway.auth.upstream;

import java.net.URI;

import org.junit.jupiter.api.Test;

import com.defernowork.gateway.auth.storage.memory.MemoryRegisteredClientRepository;
import com.defernowork.gateway.testsupport.Browser;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.web.savedrequest.DefaultSavedRequest;

import static org.assertj.core.api.Assertions.assertThat;

class AccessDeniedRedirectTests {

	private final MemoryRegisteredClientRepository clients = new MemoryRegisteredClientRepository();

	private final AccessDeniedRedirect redirect = new AccessDeniedRedirect(this.clients, "http://localhost:9000");

	AccessDeniedRedirectTests() {
		this.clients.save(RegisteredClient.withId("1")
			.clientId("inspector")
			.clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri("http://127.0.0.1:6274/oauth/callback")
			.build());
	}

	private RequestingClient authorizeRequest(String query) {
		return RequestingClient.of(savedRequest(query), this.clients);
	}

	private static DefaultSavedRequest savedRequest(String query) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/oauth2/authorize");
		request.setQueryString(query);
		for (String pair : query.split("&")) {
			String[] nameValue = pair.split("=", 2);
			request.addParameter(nameValue[0],
					java.net.URLDecoder.decode(nameValue[1], java.nio.charset.StandardCharsets.UTF_8));
		}
		return new DefaultSavedRequest(request);
	}

	@Test
	void ofWhenRegisteredRedirectUriThenAccessDeniedWithStateAndIss() {
		String uri = this.redirect.of(authorizeRequest(
				"client_id=inspector&redirect_uri=http%3A%2F%2F127.0.0.1%3A6274%2Foauth%2Fcallback&state=xyz&response_type=code"))
			.orElseThrow();
		assertThat(URI.create(uri).getHost()).isEqualTo("127.0.0.1");
		assertThat(Browser.query(uri)).containsEntry("error", "access_denied")
			.containsEntry("state", "xyz")
			.containsEntry("iss", "http://localhost:9000");
	}

	@Test
	void ofWhenStateHoldsWhatAUriTemplateOrAQueryWouldReadThenSentBackAsItCame() {
		String state = "{a} b+c%25/?&d=é";
		String uri = this.redirect
			.of(authorizeRequest(
					"client_id=inspector&redirect_uri=http%3A%2F%2F127.0.0.1%3A6274%2Foauth%2Fcallback&state="
							+ java.net.URLEncoder.encode(state, java.nio.charset.StandardCharsets.UTF_8)))
			.orElseThrow();
		assertThat(Browser.query(uri)).containsEntry("state", state).containsEntry("error", "access_denied");
	}

	@Test
	void ofWhenRegisteredRedirectUriHasAnEncodedQueryThenKeptAsRegistered() {
		this.clients.save(RegisteredClient.withId("2")
			.clientId("web")
			.clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri("https://app.example/cb?tenant=a%20b")
			.build());
		String uri = this.redirect.of(authorizeRequest("client_id=web&state=s")).orElseThrow();
		assertThat(uri).startsWith("https://app.example/cb?tenant=a%20b&error=access_denied&");
	}

	@Test
	void ofWhenLoopbackPortDiffersThenAllowed() {
		assertThat(this.redirect.of(authorizeRequest(
				"client_id=inspector&redirect_uri=http%3A%2F%2F127.0.0.1%3A5555%2Foauth%2Fcallback&state=s")))
			.hasValueSatisfying((uri) -> assertThat(URI.create(uri).getPort()).isEqualTo(5555));
	}

	@Test
	void ofWhenRegisteredOnLocalhostAndPortDiffersThenAllowedLikeTheAuthorizationEndpoint() {
		this.clients.save(RegisteredClient.withId("2")
			.clientId("vscode")
			.clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri("http://localhost:33418/callback")
			.build());
		assertThat(this.redirect
			.of(authorizeRequest("client_id=vscode&redirect_uri=http%3A%2F%2Flocalhost%3A40000%2Fcallback&state=s")))
			.hasValueSatisfying(
					(uri) -> assertThat(uri).startsWith("http://localhost:40000/callback?error=access_denied"));
	}

	@Test
	void ofWhenRedirectUriMalformedThenNoRedirectNotAnError() {
		assertThat(this.redirect.of(authorizeRequest("client_id=inspector&redirect_uri=http%3A%2F%2F%5Bbad&state=s")))
			.isEmpty();
	}

	@Test
	void ofWhenRedirectUriNotRegisteredThenNoRedirect() {
		assertThat(this.redirect
			.of(authorizeRequest("client_id=inspector&redirect_uri=https%3A%2F%2Fevil.example%2Fcb&state=s")))
			.isEmpty();
	}

	@Test
	void ofWhenUnknownClientOrNoAuthorizationRequestThenNoRedirect() {
		assertThat(this.redirect.of(authorizeRequest("client_id=nobody&state=s"))).isEmpty();
		assertThat(this.redirect.of(RequestingClient.of(null, this.clients))).isEmpty();
		MockHttpServletRequest other = new MockHttpServletRequest("GET", "/connected-apps");
		assertThat(this.redirect.of(RequestingClient.of(new DefaultSavedRequest(other), this.clients))).isEmpty();
	}

	@Test
	void ofWhenNoRedirectUriAndSingleRegisteredThenThatOne() {
		assertThat(this.redirect.of(authorizeRequest("client_id=inspector&state=s")))
			.hasValueSatisfying((uri) -> assertThat(URI.create(uri).getPort()).isEqualTo(6274));
	}

}
