package com.defernowork.gateway.auth.upstream;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.defernowork.gateway.auth.config.RedirectUris;
import com.defernowork.gateway.auth.storage.memory.MemoryRegisteredClientRepository;
import com.defernowork.gateway.testsupport.Browser;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.web.savedrequest.DefaultSavedRequest;

import static org.assertj.core.api.Assertions.assertThat;

class CancelledSignInRedirectTests {

	private final MemoryRegisteredClientRepository clients = new MemoryRegisteredClientRepository(null,
			Clock.systemUTC());

	/**
	 * What a sign-in cancelled at Deferno answers the client that asked
	 * (SignInFailurePages).
	 */
	private Optional<String> accessDenied(RequestingClient requesting) {
		return RedirectUris.accessDenied(this.clients, requesting.clientId(), requesting.redirectUri(),
				requesting.state(), "http://localhost:9000", "The user declined to sign in at Deferno");
	}

	CancelledSignInRedirectTests() {
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
			request.addParameter(nameValue[0], URLDecoder.decode(nameValue[1], StandardCharsets.UTF_8));
		}
		return new DefaultSavedRequest(request);
	}

	@Test
	void accessDeniedWhenRegisteredRedirectUriThenAccessDeniedWithStateAndIss() {
		String uri = accessDenied(authorizeRequest(
				"client_id=inspector&redirect_uri=http%3A%2F%2F127.0.0.1%3A6274%2Foauth%2Fcallback&state=xyz&response_type=code"))
			.orElseThrow();
		assertThat(URI.create(uri).getHost()).isEqualTo("127.0.0.1");
		assertThat(Browser.query(uri)).containsEntry("error", "access_denied")
			.containsEntry("state", "xyz")
			.containsEntry("iss", "http://localhost:9000");
	}

	@Test
	void accessDeniedWhenStateHoldsWhatAUriTemplateOrAQueryWouldReadThenSentBackAsItCame() {
		String state = "{a} b+c%25/?&d=é";
		String uri = accessDenied(authorizeRequest(
				"client_id=inspector&redirect_uri=http%3A%2F%2F127.0.0.1%3A6274%2Foauth%2Fcallback&state="
						+ URLEncoder.encode(state, StandardCharsets.UTF_8)))
			.orElseThrow();
		assertThat(Browser.query(uri)).containsEntry("state", state).containsEntry("error", "access_denied");
	}

	@Test
	void accessDeniedWhenRegisteredRedirectUriHasAnEncodedQueryThenKeptAsRegistered() {
		this.clients.save(RegisteredClient.withId("2")
			.clientId("web")
			.clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri("https://app.example/cb?tenant=a%20b")
			.build());
		String uri = accessDenied(authorizeRequest("client_id=web&state=s")).orElseThrow();
		assertThat(uri).startsWith("https://app.example/cb?tenant=a%20b&error=access_denied&");
	}

	@Test
	void accessDeniedWhenLoopbackPortDiffersThenAllowed() {
		assertThat(accessDenied(authorizeRequest(
				"client_id=inspector&redirect_uri=http%3A%2F%2F127.0.0.1%3A5555%2Foauth%2Fcallback&state=s")))
			.hasValueSatisfying((uri) -> assertThat(URI.create(uri).getPort()).isEqualTo(5555));
	}

	@Test
	void accessDeniedWhenRegisteredOnLocalhostAndPortDiffersThenAllowedLikeTheAuthorizationEndpoint() {
		this.clients.save(RegisteredClient.withId("2")
			.clientId("vscode")
			.clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri("http://localhost:33418/callback")
			.build());
		assertThat(accessDenied(
				authorizeRequest("client_id=vscode&redirect_uri=http%3A%2F%2Flocalhost%3A40000%2Fcallback&state=s")))
			.hasValueSatisfying(
					(uri) -> assertThat(uri).startsWith("http://localhost:40000/callback?error=access_denied"));
	}

	@Test
	void accessDeniedWhenRedirectUriMalformedThenNoRedirectNotAnError() {
		assertThat(accessDenied(authorizeRequest("client_id=inspector&redirect_uri=http%3A%2F%2F%5Bbad&state=s")))
			.isEmpty();
	}

	@Test
	void accessDeniedWhenRedirectUriNotRegisteredThenNoRedirect() {
		assertThat(accessDenied(
				authorizeRequest("client_id=inspector&redirect_uri=https%3A%2F%2Fevil.example%2Fcb&state=s")))
			.isEmpty();
	}

	@Test
	void accessDeniedWhenUnknownClientOrNoAuthorizationRequestThenNoRedirect() {
		assertThat(accessDenied(authorizeRequest("client_id=nobody&state=s"))).isEmpty();
		assertThat(accessDenied(RequestingClient.of(null, this.clients))).isEmpty();
		MockHttpServletRequest other = new MockHttpServletRequest("GET", "/connected-apps");
		assertThat(accessDenied(RequestingClient.of(new DefaultSavedRequest(other), this.clients))).isEmpty();
	}

	@Test
	void accessDeniedWhenNoRedirectUriAndSingleRegisteredThenThatOne() {
		assertThat(accessDenied(authorizeRequest("client_id=inspector&state=s")))
			.hasValueSatisfying((uri) -> assertThat(URI.create(uri).getPort()).isEqualTo(6274));
	}

}
