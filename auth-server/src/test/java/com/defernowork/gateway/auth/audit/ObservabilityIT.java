package com.defernowork.gateway.auth.audit;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.defernowork.gateway.auth.AuthServerTestBase;
import com.defernowork.gateway.auth.support.Json;
import com.defernowork.gateway.testsupport.AuthorizationCodeFlow;
import com.defernowork.gateway.testsupport.Browser;
import com.defernowork.gateway.testsupport.HtmlForm;
import com.defernowork.gateway.testsupport.MutableClock;
import com.defernowork.gateway.testsupport.Pkce;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A scripted flow against the running server, then {@code /actuator/prometheus}: every
 * counter moved by exactly what the flow did (the server is shared with other tests, so
 * the test compares before and after), the audit lines name the events and never a token
 * or code, and the connected-apps page lists reported tool calls.
 */
@ExtendWith(OutputCaptureExtension.class)
class ObservabilityIT extends AuthServerTestBase {

	private static final String REDIRECT = "http://127.0.0.1:6276/oauth/callback";

	private static final String CODE_NOT_VALID = "The authorization code is not valid: it is unknown, expired or "
			+ "already used; authorize again";

	@Autowired
	private MutableClock clock;

	@Test
	void scrapeWhenScriptedFlowThenCountersMoveByWhatHappenedAndAuditLinesHoldNoSecret(CapturedOutput output) {
		String before = scrape();

		// a grant: registration, consent, code, refresh, introspection of a live token
		String clientId = (String) this.registration.registerPublic(REDIRECT).get("client_id");
		Pkce pkce = Pkce.s256();
		String code = this.flow.code(AuthorizationCodeFlow.request(clientId, REDIRECT, pkce, "s"), "observed");
		Map<String, Object> tokens = ok(this.flow.exchangeCode(clientId, code, pkce, REDIRECT, RESOURCE));
		Map<String, Object> refreshed = ok(this.flow.refresh(clientId, (String) tokens.get("refresh_token"), RESOURCE));
		assertThat(active((String) refreshed.get("access_token"))).isTrue();
		// the replaced refresh token again within the grace window (a client's retry):
		// the same answer
		assertThat(ok(this.flow.refresh(clientId, (String) tokens.get("refresh_token"), RESOURCE)))
			.containsEntry("access_token", refreshed.get("access_token"));
		// the replaced refresh token again after the grace window: reuse, the grant is
		// revoked
		this.clock.advance(Duration.ofMillis(2_500));
		endReplayWindows();
		assertThat(this.flow.refresh(clientId, (String) tokens.get("refresh_token"), RESOURCE).statusCode())
			.isEqualTo(400);
		assertThat(active((String) refreshed.get("access_token"))).isFalse();
		// another grant whose code is used twice: replay, the grant is revoked
		String replayed = (String) this.registration.registerPublic(REDIRECT).get("client_id");
		Pkce replayedPkce = Pkce.s256();
		String replayedCode = this.flow.code(AuthorizationCodeFlow.request(replayed, REDIRECT, replayedPkce, "r"),
				"observed");
		ok(this.flow.exchangeCode(replayed, replayedCode, replayedPkce, REDIRECT, RESOURCE));
		assertThat(this.flow.exchangeCode(replayed, replayedCode, replayedPkce, REDIRECT, RESOURCE).statusCode())
			.isEqualTo(400);
		// a second client whose consent is denied
		String denied = (String) this.registration.registerPublic(REDIRECT).get("client_id");
		AuthorizationCodeFlow person = new AuthorizationCodeFlow(BASE_URL, this.flow.browser());
		HttpResponse<String> toConsent = person
			.authorizeSignedIn(AuthorizationCodeFlow.request(denied, REDIRECT, Pkce.s256(), "d"), "observed");
		assertThat(person.deny(person.consentPage(toConsent).body()).statusCode()).isEqualTo(302);

		String after = scrape();
		assertThat(delta(before, after, "gateway_auth_registrations_total", "kind=\"dcr\"")).isEqualTo(3);
		assertThat(delta(before, after, "gateway_auth_consents_total", "decision=\"granted\"")).isEqualTo(2);
		assertThat(delta(before, after, "gateway_auth_consents_total", "decision=\"denied\"")).isEqualTo(1);
		assertThat(delta(before, after, "gateway_auth_tokens_issued_total", "grant_type=\"authorization_code\""))
			.isEqualTo(2);
		assertThat(delta(before, after, "gateway_auth_tokens_issued_total", "grant_type=\"refresh_token\""))
			.isEqualTo(1);
		assertThat(delta(before, after, "gateway_auth_refresh_reuse_detected_total", "")).isEqualTo(1);
		assertThat(delta(before, after, "gateway_auth_code_replay_detected_total", "")).isEqualTo(1);
		assertThat(delta(before, after, "gateway_auth_refresh_replays_total", "answered=\"true\"")).isEqualTo(1);
		assertThat(delta(before, after, "gateway_auth_introspections_total", "result=\"active\"")).isEqualTo(1);
		assertThat(delta(before, after, "gateway_auth_introspections_total", "result=\"inactive\"")).isEqualTo(1);

		String audit = output.getAll();
		assertThat(audit).contains("{\"event\":\"client.registered\",\"client\":\"" + clientId + "\",\"kind\":\"dcr\"",
				"{\"event\":\"consent.granted\",\"user\":\"id-observed\",\"client\":\"" + clientId + "\"",
				"{\"event\":\"token.issued\",\"user\":\"id-observed\",\"client\":\"" + clientId
						+ "\",\"grant_type\":\"authorization_code\"",
				"{\"event\":\"token.refreshed\",\"user\":\"id-observed\",\"client\":\"" + clientId + "\"",
				"{\"event\":\"refresh.replayed\",\"user\":\"id-observed\",\"client\":\"" + clientId
						+ "\",\"answered\":true}",
				"{\"event\":\"refresh.reuse_detected\",\"user\":\"id-observed\",\"client\":\"" + clientId
						+ "\",\"grant_revoked\":true}",
				"{\"event\":\"code.replay_detected\",\"user\":\"id-observed\",\"client\":\"" + replayed + "\"",
				"{\"event\":\"consent.denied\",\"user\":\"id-observed\",\"client\":\"" + denied + "\"}",
				// why each client was sent to sign in again, in the answer's own words
				"{\"event\":\"token.refused\",\"client\":\"" + clientId
						+ "\",\"grant_type\":\"refresh_token\",\"error\":\"invalid_grant\",\"description\":\"The "
						+ "refresh token was already used; the grant is revoked, authorize again\"}",
				"{\"event\":\"token.refused\",\"client\":\"" + replayed
						+ "\",\"grant_type\":\"authorization_code\",\"error\":\"invalid_grant\"");
		assertThat(audit.indexOf("\"event\":\"token.refreshed\"")).isLessThan(audit.indexOf("refresh.reuse_detected"));
		assertThat(audit).doesNotContain(code, replayedCode, (String) tokens.get("access_token"),
				(String) tokens.get("refresh_token"), (String) refreshed.get("access_token"),
				(String) refreshed.get("refresh_token"));
	}

	@Test
	void activityWhenReportedByResourceServerThenConnectedAppsPageListsItElseRefused() {
		String clientId = (String) this.registration.registerPublic(REDIRECT).get("client_id");
		Pkce pkce = Pkce.s256();
		String code = this.flow.code(AuthorizationCodeFlow.request(clientId, REDIRECT, pkce, "s"), "busy");
		ok(this.flow.exchangeCode(clientId, code, pkce, REDIRECT, RESOURCE));

		String call = "{\"user\":\"id-busy\",\"client\":\"" + clientId
				+ "\",\"tool\":\"list_items\",\"outcome\":\"ok\",\"duration_ms\":12}";
		assertThat(report(call, AuthorizationCodeFlow.basic(RS_CLIENT_ID, "wrong")).statusCode()).isEqualTo(401);
		assertThat(report(call, AuthorizationCodeFlow.basic("someone-else", RS_CLIENT_SECRET)).statusCode())
			.isEqualTo(401);
		assertThat(report(call, null).statusCode()).isEqualTo(401);
		assertThat(
				report(call.replace("\"ok\"", "\"maybe\""), AuthorizationCodeFlow.basic(RS_CLIENT_ID, RS_CLIENT_SECRET))
					.statusCode())
			.isEqualTo(400);
		assertThat(report(call, AuthorizationCodeFlow.basic(RS_CLIENT_ID, RS_CLIENT_SECRET)).statusCode())
			.isEqualTo(204);
		assertThat(report(call.replace("list_items", "delete_item").replace("\"ok\"", "\"error\""),
				AuthorizationCodeFlow.basic(RS_CLIENT_ID, RS_CLIENT_SECRET))
			.statusCode()).isEqualTo(204);

		// several calls in one report, oldest first; one invalid call refuses the whole
		// report
		String basic = AuthorizationCodeFlow.basic(RS_CLIENT_ID, RS_CLIENT_SECRET);
		String batch = "[" + call.replace("list_items", "get_item") + ","
				+ call.replace("list_items", "capture_item").replace("\"ok\"", "\"denied\"") + "]";
		assertThat(report("[]", basic).statusCode()).isEqualTo(400);
		assertThat(report("\"list_items\"", basic).statusCode()).isEqualTo(400);
		HttpResponse<String> oneInvalid = report(batch.replace("capture_item", "no tool!"), basic);
		assertThat(oneInvalid.statusCode()).isEqualTo(400);
		assertThat(oneInvalid.body()).contains("call 1: user, client, tool and outcome");
		assertThat(report(batch, basic).statusCode()).isEqualTo(204);
		// a duration beyond a long's range is no duration, not a server error (another
		// person's trail, to leave this one's page as it is)
		assertThat(report(call.replace("id-busy", "id-other").replace(":12}", ":99999999999999999999}"), basic)
			.statusCode()).isEqualTo(204);
		assertThat(report(call.replace("id-busy", "id-other").replace(":12}", ":1e300}"), basic).statusCode())
			.isEqualTo(204);

		String page = this.flow.browser().get(BASE_URL + "/connected-apps", "Accept", Browser.HTML).body();
		assertThat(page).contains("Recent activity");
		assertThat(page.indexOf("capture_item")).isPositive().isLessThan(page.indexOf("get_item"));
		assertThat(page.indexOf("get_item")).isLessThan(page.indexOf("delete_item"));
		assertThat(page.indexOf("delete_item")).isLessThan(page.indexOf("list_items"));
		assertThat(page).doesNotContain("no tool!");
		assertThat(page).contains("failed", "done", "denied");
	}

	@Test
	void activityWhenBodyNotJsonOrTooLargeOrNotSentAsJsonThenOAuthErrorNotTheFrameworkPage() {
		String basic = AuthorizationCodeFlow.basic(RS_CLIENT_ID, RS_CLIENT_SECRET);
		HttpResponse<String> garbage = report("{\"user\":", basic);
		assertThat(garbage.statusCode()).isEqualTo(400);
		assertThat(Json.parse(garbage.body())).containsEntry("error", "invalid_request").doesNotContainKey("status");
		assertThat(report("", basic).statusCode()).isEqualTo(400);
		assertThat(report("null", basic).statusCode()).isEqualTo(400);
		// chunked, so that the server reads up to its limit and the container swallows
		// the rest (at most its 2 MB) before answering: a declared 5 MB the server
		// refuses unread, and the connection closed on 3 MB unread could reset under the
		// answer
		HttpResponse<String> huge = new Browser().send(
				HttpRequest.newBuilder(URI.create(BASE_URL + "/internal/activity"))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.fromPublisher(
							HttpRequest.BodyPublishers.ofString("[\"" + "x".repeat(5 * 1024 * 1024) + "\"]"))),
				"Authorization", basic);
		assertThat(huge.statusCode()).isEqualTo(413);
		assertThat(Json.parse(huge.body())).containsEntry("error", "invalid_request");
		HttpResponse<String> text = new Browser()
			.send(HttpRequest.newBuilder(URI.create(BASE_URL + "/internal/activity"))
				.header("Content-Type", "text/plain")
				.POST(HttpRequest.BodyPublishers.ofString("{}")), "Authorization", basic);
		assertThat(text.statusCode()).isEqualTo(415);
		assertThat(Json.parse(text.body())).containsEntry("error", "invalid_request");
	}

	/**
	 * A public client's code is checked with its authentication: a code_verifier that
	 * does not match (an intercepted code?) is audited all the same.
	 */
	@Test
	void tokenWhenTheCodeVerifierDoesNotMatchThenTheRefusalIsAudited(CapturedOutput output) {
		String clientId = (String) this.registration.registerPublic(REDIRECT).get("client_id");
		String code = this.flow.code(AuthorizationCodeFlow.request(clientId, REDIRECT, Pkce.s256(), "p"), "observed");
		assertThat(this.flow.exchangeCode(clientId, code, Pkce.s256(), REDIRECT, RESOURCE).statusCode()).isEqualTo(400);
		assertThat(output.getAll())
			// in the words the client was told, not the framework's "Client
			// authentication
			// failed: code_verifier"
			.contains("{\"event\":\"token.refused\",\"client\":\"" + clientId
					+ "\",\"grant_type\":\"authorization_code\",\"error\":\"invalid_grant\",\"description\":"
					+ "\"code_verifier does not match the code_challenge of the authorization request (RFC 7636 "
					+ "section 4.6)\"}")
			.doesNotContain(code)
			.doesNotContain("\"description\":\"null\"");
	}

	/**
	 * A code presented by another client is refused as an unknown one, whether or not it
	 * came with the right code_verifier; the audit line names the client it was issued to
	 * (an injected code?). The framework spends it when the verifier was right: its own
	 * client is then refused in the same words as it is audited.
	 */
	@Test
	void tokenWhenAnotherClientPresentsACodeThenTheRefusalNamesTheCodesClient(CapturedOutput output) {
		String owner = (String) this.registration.registerPublic(REDIRECT).get("client_id");
		String other = (String) this.registration.registerPublic(REDIRECT).get("client_id");
		Pkce pkce = Pkce.s256();
		String kept = this.flow.code(AuthorizationCodeFlow.request(owner, REDIRECT, pkce, "k"), "observed");
		assertNotValid(this.flow.exchangeCode(other, kept, Pkce.s256(), REDIRECT, RESOURCE));
		assertThat(output.getAll()).contains(refusedAsAnotherClients(other, owner));
		// refused with its client authentication: the code is not spent
		ok(this.flow.exchangeCode(owner, kept, pkce, REDIRECT, RESOURCE));

		Pkce spentPkce = Pkce.s256();
		String spent = this.flow.code(AuthorizationCodeFlow.request(owner, REDIRECT, spentPkce, "s"), "observed");
		int before = output.getAll().length();
		assertNotValid(this.flow.exchangeCode(other, spent, spentPkce, REDIRECT, RESOURCE));
		assertNotValid(this.flow.exchangeCode(owner, spent, spentPkce, REDIRECT, RESOURCE));
		assertThat(output.getAll().substring(before))
			.contains(refusedAsAnotherClients(other, owner),
					"{\"event\":\"code.other_client\",\"user\":\"id-observed\",\"client\":\"" + owner
							+ "\",\"presented_by\":\"" + other + "\",\"grant_revoked\":true}",
					"{\"event\":\"token.refused\",\"client\":\"" + owner
							+ "\",\"grant_type\":\"authorization_code\",\"error\":\"invalid_grant\",\"description\":\""
							+ CODE_NOT_VALID + "\"}")
			.doesNotContain(kept, spent, "Client authentication failed");
	}

	private static void assertNotValid(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(Json.parse(response.body())).containsEntry("error", "invalid_grant")
			.containsEntry("error_description", CODE_NOT_VALID);
	}

	private static String refusedAsAnotherClients(String presentedBy, String issuedTo) {
		return "{\"event\":\"token.refused\",\"client\":\"" + presentedBy
				+ "\",\"grant_type\":\"authorization_code\",\"error\":\"invalid_grant\",\"description\":\""
				+ CODE_NOT_VALID + "\",\"reason\":\"code_of_other_client\",\"issued_to\":\"" + issuedTo + "\"}";
	}

	@Test
	void revokeAndDisconnectWhenDoneThenAuditedAndCounted(CapturedOutput output) {
		String before = scrape();
		String clientId = (String) this.registration.registerPublic(REDIRECT).get("client_id");
		Pkce pkce = Pkce.s256();
		String code = this.flow.code(AuthorizationCodeFlow.request(clientId, REDIRECT, pkce, "s"), "leaving");
		Map<String, Object> tokens = ok(this.flow.exchangeCode(clientId, code, pkce, REDIRECT, RESOURCE));
		assertThat(this.flow.revoke(clientId, (String) tokens.get("access_token")).statusCode()).isEqualTo(200);
		// RFC 7009 §2.2: 200 for a token this server does not know, which revokes nothing
		assertThat(this.flow.revoke(clientId, "not-a-token").statusCode()).isEqualTo(200);
		assertThat(this.flow.revoke(clientId, (String) tokens.get("access_token")).statusCode()).isEqualTo(200);

		String page = this.flow.browser().get(BASE_URL + "/connected-apps", "Accept", Browser.HTML).body();
		HtmlForm disconnect = HtmlForm
			.withButton(Jsoup.parse(page, BASE_URL + "/connected-apps"), Pattern.compile("Disconnect"))
			.orElseThrow();
		Browser.Step done = this.flow.browser().submit(disconnect, (uri) -> uri.getPath().equals("/connected-apps"));
		assertThat(done.redirect()).isNotNull();

		String after = scrape();
		assertThat(delta(before, after, "gateway_auth_tokens_revoked_total", "")).isEqualTo(1);
		assertThat(delta(before, after, "gateway_auth_apps_disconnected_total", "")).isEqualTo(1);
		assertThat(output.getAll()).contains(
				"{\"event\":\"token.revoked\",\"user\":\"id-leaving\",\"client\":\"" + clientId + "\"}",
				"{\"event\":\"app.disconnected\",\"user\":\"id-leaving\",\"client\":\"" + clientId + "\"}");
		assertThat(output.getAll()).doesNotContain("{\"event\":\"token.revoked\",\"client\":\"" + clientId);
		assertThat(output.getAll()).doesNotContain(code, (String) tokens.get("access_token"),
				(String) tokens.get("refresh_token"));
	}

	@Test
	void revokeWhenResourceServerRevokesThenAuditNamesThePersonTheEndedGrantAndWhy(CapturedOutput output) {
		String clientId = (String) this.registration.registerPublic(REDIRECT).get("client_id");
		Pkce pkce = Pkce.s256();
		String code = this.flow.code(AuthorizationCodeFlow.request(clientId, REDIRECT, pkce, "s"), "refused");
		Map<String, Object> tokens = ok(this.flow.exchangeCode(clientId, code, pkce, REDIRECT, RESOURCE));
		String access = (String) tokens.get("access_token");

		// what the resource server sends (docs/wiring.md): RFC 7009 as it is, no reason
		HttpResponse<String> revoked = new Browser().postForm(BASE_URL + "/oauth2/revoke",
				Map.of("token", access, "token_type_hint", "access_token"), "Authorization",
				AuthorizationCodeFlow.basic(RS_CLIENT_ID, RS_CLIENT_SECRET));
		assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
		assertThat(active(access)).isFalse();

		assertThat(output.getAll()).contains("{\"event\":\"token.revoked\",\"user\":\"id-refused\",\"client\":\""
				+ RS_CLIENT_ID + "\",\"grant_revoked\":true," + "\"reason\":\"deferno_refused_token\"}");
		assertThat(output.getAll()).doesNotContain(code, access, (String) tokens.get("refresh_token"));
	}

	@Test
	void clientAuthenticationWhenRefusedThenAuditedWithTheClientIdAsPresentedAndCountedByMethod(CapturedOutput output) {
		String before = scrape();
		// the resource server's secret guessed through the public origin
		HttpResponse<String> guessed = new Browser().postForm(BASE_URL + "/oauth2/introspect",
				Map.of("token", "anything"), "Authorization",
				AuthorizationCodeFlow.basic(RS_CLIENT_ID, "guessed-secret-1234"));
		assertThat(guessed.statusCode()).isEqualTo(401);
		// a public client the server does not know (reaped, or never registered)
		HttpResponse<String> forgotten = new Browser().postForm(BASE_URL + "/oauth2/token",
				Map.of("grant_type", "authorization_code", "code", "c", "code_verifier", "v".repeat(43), "client_id",
						"forgotten-client", "redirect_uri", REDIRECT));
		assertThat(forgotten.statusCode()).isEqualTo(401);
		// through a proxy that passes the caller's address on
		HttpResponse<String> fromAfar = new Browser().postForm(BASE_URL + "/oauth2/introspect",
				Map.of("token", "anything"), "Authorization",
				AuthorizationCodeFlow.basic(RS_CLIENT_ID, "guessed-secret-5678"), "X-Forwarded-For", "203.0.113.7");
		assertThat(fromAfar.statusCode()).isEqualTo(401);

		String after = scrape();
		assertThat(delta(before, after, "gateway_auth_client_authentication_failures_total",
				"method=\"client_secret_basic\""))
			.isEqualTo(2);
		assertThat(delta(before, after, "gateway_auth_client_authentication_failures_total", "method=\"none\""))
			.isEqualTo(1);
		assertThat(output.getAll()).contains(
				"{\"event\":\"client.authentication_failed\",\"client\":\"" + RS_CLIENT_ID
						+ "\",\"method\":\"client_secret_basic\",\"network\":\"private\"}",
				"{\"event\":\"client.authentication_failed\",\"client\":\"forgotten-client\",\"method\":\"none\","
						+ "\"network\":\"private\"}",
				"{\"event\":\"client.authentication_failed\",\"client\":\"" + RS_CLIENT_ID
						+ "\",\"method\":\"client_secret_basic\",\"network\":\"203.0.113.7\"}");
		assertThat(output.getAll()).doesNotContain("guessed-secret-1234", "guessed-secret-5678");
	}

	@Test
	void scrapeWhenAnEventNeverHappenedThenItsCounterIsThereFromTheStart() {
		String scrape = scrape();
		for (String name : List.of("gateway_auth_tokens_revoked_total", "gateway_auth_refresh_reuse_detected_total",
				"gateway_auth_code_replay_detected_total", "gateway_auth_code_other_client_total",
				"gateway_auth_clients_reaped_total", "gateway_auth_apps_disconnected_total")) {
			assertThat(scrape).containsPattern("(?m)^" + name + " \\d");
		}
		assertThat(scrape).contains("gateway_auth_consents_total{decision=\"denied\"}",
				"gateway_auth_refresh_replays_total{answered=\"false\"}",
				"gateway_auth_client_authentication_failures_total{method=\"client_secret_basic\"}",
				"gateway_auth_deferno_tokens_revoked_total{outcome=\"refused\"}");
		// and those whose first event after a start increase() would miss
		assertThat(scrape).contains("gateway_auth_introspections_total{result=\"inactive\"}",
				"gateway_auth_introspections_total{result=\"active\"}",
				"gateway_auth_tokens_issued_total{grant_type=\"authorization_code\"}",
				"gateway_auth_tokens_issued_total{grant_type=\"refresh_token\"}",
				"gateway_auth_registrations_total{kind=\"dcr\"}", "gateway_auth_registrations_total{kind=\"cimd\"}");
		for (String outcome : List.of("outcome=\"success\",reason=\"none\"", "outcome=\"cancelled\",reason=\"none\"",
				"outcome=\"failure\",reason=\"expired\"", "outcome=\"failure\",reason=\"deferno_unavailable\"",
				"outcome=\"failure\",reason=\"deferno_refused\"", "outcome=\"failure\",reason=\"other\"")) {
			assertThat(scrape).contains("gateway_auth_sign_ins_total{connector=\"deferno\"," + outcome + "}");
		}
	}

	@Test
	void scrapeWhenRequestsWereServedThenTheirHistogramHasObjectiveBoundariesAndRequestsInFlightNone() {
		assertThat(this.flow.introspect("not-a-token", RS_CLIENT_ID, RS_CLIENT_SECRET).statusCode()).isEqualTo(200);
		String scrape = scrape();
		for (String bound : List.of("0.1", "0.25", "0.5", "1.0", "2.5", "5.0", "10.0", "30.0", "60.0")) {
			assertThat(scrape)
				.containsPattern("(?m)^http_server_requests_seconds_bucket\\{[^}]*uri=\"/oauth2/introspect\"," + "le=\""
						+ Pattern.quote(bound) + "\"\\} ");
		}
		// how many are in flight, without some 200 lines of empty buckets (2 min to 2 h)
		assertThat(scrape).contains("http_server_requests_active_seconds_count{")
			.doesNotContain("http_server_requests_active_seconds_bucket", "http_client_requests_active_seconds_bucket");
	}

	@Test
	void actuatorWhenNotHealthOrPrometheusThenRefused() {
		// not exposed at all: no actuator answer, whatever the page chain makes of the
		// path
		HttpResponse<String> env = new Browser().get(BASE_URL + "/actuator/env");
		assertThat(env.statusCode()).isEqualTo(404);
		assertThat(env.body()).doesNotContain("propertySources").contains("Nothing is served at this address");
		assertThat(new Browser().get(BASE_URL + "/actuator/prometheus").statusCode()).isEqualTo(200);
	}

	private static HttpResponse<String> report(String json, String authorization) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(BASE_URL + "/internal/activity"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json));
		return (authorization != null) ? new Browser().send(request, "Authorization", authorization)
				: new Browser().send(request);
	}

	private boolean active(String token) {
		HttpResponse<String> response = this.flow.introspect(token, RS_CLIENT_ID, RS_CLIENT_SECRET);
		assertThat(response.statusCode()).isEqualTo(200);
		return Boolean.TRUE.equals(Json.parse(response.body()).get("active"));
	}

	private static Map<String, Object> ok(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return Json.parse(response.body());
	}

	private static String scrape() {
		HttpResponse<String> response = new Browser().get(BASE_URL + "/actuator/prometheus");
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	private static double delta(String before, String after, String name, String tag) {
		return value(after, name, tag) - value(before, name, tag);
	}

	/**
	 * The sample of {@code name} whose labels include {@code tag} (0 when absent: a
	 * counter not yet created).
	 */
	static double value(String scrape, String name, String tag) {
		Matcher line = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? (\\S+)$").matcher(scrape);
		while (line.find()) {
			String labels = (line.group(1) != null) ? line.group(1) : "";
			if (labels.contains(tag)) {
				return Double.parseDouble(line.group(2));
			}
		}
		return 0;
	}

}
