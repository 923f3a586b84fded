package com.defernowork.gateway.auth.metadata;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.defernowork.gateway.auth.AuthServerTestBase;
import com.defernowork.gateway.auth.support.Json;
import com.defernowork.gateway.model.scope.Scopes;
import com.defernowork.gateway.testsupport.Browser;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 8414 metadata and the CORS policy, over real HTTP. */
@SuppressWarnings("unchecked")
class MetadataIT extends AuthServerTestBase {

	private static final String ORIGIN = "http://localhost:6274";

	private final Browser browser = new Browser();

	@Test
	void metadataWhenFetchedThenAdvertisesEverythingMcpClientsNeed() {
		HttpResponse<String> response = this.browser.get(BASE_URL + "/.well-known/oauth-authorization-server");
		assertThat(response.statusCode()).isEqualTo(200);
		Map<String, Object> metadata = Json.parse(response.body());
		assertThat(metadata).containsEntry("issuer", ISSUER)
			.containsEntry("authorization_endpoint", ISSUER + "/oauth2/authorize")
			.containsEntry("token_endpoint", ISSUER + "/oauth2/token")
			.containsEntry("registration_endpoint", ISSUER + "/oauth2/register")
			.containsEntry("introspection_endpoint", ISSUER + "/oauth2/introspect")
			.containsEntry("revocation_endpoint", ISSUER + "/oauth2/revoke")
			.containsEntry("jwks_uri", ISSUER + "/oauth2/jwks")
			.containsEntry("response_types_supported", List.of("code"))
			.containsEntry("code_challenge_methods_supported", List.of("S256"))
			.containsEntry("scopes_supported", Scopes.all())
			.containsEntry("authorization_response_iss_parameter_supported", true);
		// exactly what a client here may use (the token exchange: the resource server's)
		assertThat(metadata)
			.containsEntry("grant_types_supported",
					List.of("authorization_code", "refresh_token", "urn:ietf:params:oauth:grant-type:token-exchange"))
			.containsEntry("response_modes_supported", List.of("query"));
		assertThat(metadata)
			.containsEntry("token_endpoint_auth_methods_supported",
					List.of("client_secret_basic", "client_secret_post", "none"))
			.containsEntry("revocation_endpoint_auth_methods_supported",
					List.of("client_secret_basic", "client_secret_post", "none"))
			.containsEntry("introspection_endpoint_auth_methods_supported",
					List.of("client_secret_basic", "client_secret_post"))
			// nothing here binds tokens to a client certificate or a DPoP key, so nothing
			// may say so
			.doesNotContainKeys("tls_client_certificate_bound_access_tokens", "dpop_signing_alg_values_supported");
	}

	@Test
	void openIdConfigurationWhenFetchedThenSameDocument() {
		HttpResponse<String> oauth = this.browser.get(BASE_URL + "/.well-known/oauth-authorization-server");
		HttpResponse<String> openid = this.browser.get(BASE_URL + "/.well-known/openid-configuration");
		assertThat(openid.statusCode()).isEqualTo(200);
		assertThat(Json.parse(openid.body())).isEqualTo(Json.parse(oauth.body()));
	}

	@Test
	void metadataWhenBehindProxyThenIssuerStaysConfiguredValue() {
		HttpResponse<String> response = this.browser.get(BASE_URL + "/.well-known/oauth-authorization-server",
				"X-Forwarded-Host", "attacker.example", "X-Forwarded-Proto", "https");
		assertThat(Json.parse(response.body())).containsEntry("issuer", ISSUER)
			.containsEntry("token_endpoint", ISSUER + "/oauth2/token");
	}

	@Test
	void corsWhenBrowserClientCallsDiscoveryAndJsonEndpointsThenAllowed() {
		for (String path : List.of("/.well-known/oauth-authorization-server", "/.well-known/openid-configuration",
				"/oauth2/jwks")) {
			HttpResponse<String> response = this.browser.get(BASE_URL + path, "Origin", ORIGIN);
			assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).as(path).hasValue("*");
		}
		for (String path : List.of("/oauth2/register", "/oauth2/token", "/oauth2/revoke")) {
			HttpResponse<String> preflight = preflight(path);
			assertThat(preflight.statusCode()).as(path).isEqualTo(200);
			assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).as(path).hasValue("*");
			// a page instrumented for tracing adds W3C trace context, which this server
			// joins: a preflight refusing it would fail the request outright
			HttpResponse<String> traced = preflight(path, "content-type,traceparent,tracestate,baggage");
			assertThat(traced.statusCode()).as(path).isEqualTo(200);
			assertThat(traced.headers().firstValue("Access-Control-Allow-Headers")).as(path)
				.hasValueSatisfying((allowed) -> assertThat(allowed.toLowerCase()).contains("traceparent"));
		}
		// a method the endpoint does not take: its own 405 with what it does take,
		// readable cross-origin, not a bare refusal of the CORS request
		HttpResponse<String> delete = this.browser.send(HttpRequest.newBuilder(URI.create(BASE_URL + "/oauth2/token"))
			.method("DELETE", HttpRequest.BodyPublishers.noBody())
			.header("Origin", ORIGIN));
		assertThat(delete.statusCode()).isEqualTo(405);
		assertThat(delete.headers().firstValue("Allow"))
			.hasValueSatisfying((allow) -> assertThat(allow).contains("POST"));
		assertThat(delete.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
		assertThat(delete.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
		HttpResponse<String> registration = this.browser.postJson(BASE_URL + "/oauth2/register",
				"{\"redirect_uris\":[\"http://127.0.0.1:1/cb\"],\"token_endpoint_auth_method\":\"none\"}", "Origin",
				ORIGIN);
		assertThat(registration.statusCode()).isEqualTo(201);
		assertThat(registration.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
	}

	@Test
	void corsWhenContentTypeIsAMediaRangeThenTheEndpointsOwnAnswerNotAServerError() {
		for (String type : List.of("*/*", "application/*", "text/*")) {
			HttpResponse<String> metadata = this.browser
				.send(HttpRequest.newBuilder(URI.create(BASE_URL + "/.well-known/oauth-authorization-server"))
					.header("Origin", ORIGIN)
					.header("Content-Type", type));
			assertThat(metadata.statusCode()).as(type).isEqualTo(200);
			assertThat(metadata.headers().firstValue("Access-Control-Allow-Origin")).as(type).hasValue("*");
			Map<String, String> expected = Map.of("/oauth2/token", "application/x-www-form-urlencoded",
					"/oauth2/revoke", "application/x-www-form-urlencoded", "/oauth2/register", "application/json");
			expected.forEach((path, wanted) -> {
				HttpResponse<String> response = this.browser.send(HttpRequest.newBuilder(URI.create(BASE_URL + path))
					.header("Origin", ORIGIN)
					.header("Content-Type", type)
					.POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&token=t")));
				assertThat(response.statusCode()).as(type + " " + path + " " + response.body()).isEqualTo(400);
				assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).as(path).hasValue("*");
				assertThat((String) Json.parse(response.body()).get("error_description")).as(path).contains(wanted);
			});
		}
	}

	@Test
	void corsWhenAuthorizationEndpointOrPagesThenNotAllowed() {
		HttpResponse<String> authorize = this.browser.get(BASE_URL + "/oauth2/authorize?response_type=code&client_id=x",
				"Origin", ORIGIN);
		assertThat(authorize.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
		assertThat(preflight("/oauth2/authorize").headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
		assertThat(preflight("/consent").headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
		HttpResponse<String> consent = this.browser.get(BASE_URL + "/consent?client_id=x&state=y", "Origin", ORIGIN);
		assertThat(consent.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
	}

	private HttpResponse<String> preflight(String path) {
		return preflight(path, "content-type");
	}

	private HttpResponse<String> preflight(String path, String requestHeaders) {
		return this.browser.send(HttpRequest.newBuilder(URI.create(BASE_URL + path))
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.header("Origin", ORIGIN)
			.header("Access-Control-Request-Method", "POST")
			.header("Access-Control-Request-Headers", requestHeaders));
	}

}
