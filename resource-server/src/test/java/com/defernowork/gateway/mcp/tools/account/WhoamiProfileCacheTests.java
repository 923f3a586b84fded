package com.defernowork.gateway.mcp.tools.account;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import com.defernowork.gateway.mcp.support.McpToolTestSupport;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code deferno.profile-ttl} at its default of 30 s (the shared test set-up turns
 * it off), whoami asks Deferno for the profile and the settings once per credential and
 * TTL, and again as soon as Deferno has refused the credential on any call (the settings
 * too once a call may have saved them).
 */
@TestPropertySource(properties = "deferno.profile-ttl=30s")
class WhoamiProfileCacheTests extends McpToolTestSupport {

	@Test
	void whoamiWhenAskedAgainThenProfileRememberedUntilDefernoRefusesTheCredential() {
		stub(get("/api/auth/me").willReturn(data(AccountAndCaptureToolsTests.ME)));
		stub(get("/api/auth/me/settings").willReturn(data("{\"time_zone\":\"Asia/Kolkata\"}")));
		assertThat(ok("whoami", Map.of()).get("username").stringValue()).isEqualTo("alice");
		assertThat(ok("whoami", Map.of()).get("time_zone").stringValue()).isEqualTo("Asia/Kolkata");
		deferno.verify(1, getRequestedFor(urlEqualTo("/api/auth/me")));
		// the time zone too, which every whoami and list without a tz reads
		deferno.verify(1, getRequestedFor(urlEqualTo("/api/auth/me/settings")));

		// another tool's call is refused: its profile is forgotten (the refusal is
		// checked at /auth/me, which still answers: one more request)
		stub(get(urlPathEqualTo("/api/items")).willReturn(failure(401, "unauthorized", "token revoked")));
		assertThat(error("list_items", Map.of())).contains("401");
		deferno.verify(2, getRequestedFor(urlEqualTo("/api/auth/me")));
		stub(get("/api/auth/me").willReturn(failure(401, "unauthorized", "token revoked")));
		assertThat(error("whoami", Map.of()))
			.startsWith("Deferno API error 401 [unauthorized]: token revoked; Deferno no longer accepts this sign-in");
		deferno.verify(4, getRequestedFor(urlEqualTo("/api/auth/me")));

		// a refusal is not remembered either; the settings were forgotten with the
		// profile
		stub(get("/api/auth/me").willReturn(data(AccountAndCaptureToolsTests.ME)));
		assertThat(ok("whoami", Map.of()).get("username").stringValue()).isEqualTo("alice");
		deferno.verify(5, getRequestedFor(urlEqualTo("/api/auth/me")));
		deferno.verify(2, getRequestedFor(urlEqualTo("/api/auth/me/settings")));

		// the calendar given a tz: Deferno keeps it when none was saved, and whoami says
		// so at once, not a TTL later; without a tz nothing is asked again
		stub(get(urlPathEqualTo("/api/items/calendar")).willReturn(data("[]")));
		ok("get_items_calendar", Map.of("start", "2026-06-01", "end", "2026-06-08"));
		assertThat(ok("whoami", Map.of()).get("time_zone").stringValue()).isEqualTo("Asia/Kolkata");
		deferno.verify(2, getRequestedFor(urlEqualTo("/api/auth/me/settings")));
		stub(get("/api/auth/me/settings").willReturn(data("{\"time_zone\":\"Asia/Tokyo\"}")));
		ok("get_items_calendar", Map.of("start", "2026-06-01", "end", "2026-06-08", "tz", "Asia/Tokyo"));
		assertThat(ok("whoami", Map.of()).get("time_zone").stringValue()).isEqualTo("Asia/Tokyo");
		deferno.verify(3, getRequestedFor(urlEqualTo("/api/auth/me/settings")));
	}

}
