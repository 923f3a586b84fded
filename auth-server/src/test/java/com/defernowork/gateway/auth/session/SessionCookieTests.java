package com.defernowork.gateway.auth.session;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.defernowork.gateway.auth.config.AuthProperties;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.CookieSerializer.CookieValue;

import static org.assertj.core.api.Assertions.assertThat;

/** The session cookie as a browser receives it, behind an http and an https issuer. */
class SessionCookieTests {

	@Test
	void cookieWhenIssuerIsHttpsThenSecureWithHostPrefix() {
		assertThat(setCookie("https://mcp.example.com")).startsWith("__Host-DEFERNO_AUTH_SESSION=")
			.contains("; Path=/", "; Secure", "; HttpOnly", "; SameSite=Lax")
			.doesNotContain("Domain=");
	}

	@Test
	void cookieWhenIssuerIsHttpThenNotSecureNorPrefixed() {
		assertThat(setCookie("http://localhost:9000")).startsWith("DEFERNO_AUTH_SESSION=")
			.contains("; Path=/", "; HttpOnly", "; SameSite=Lax")
			.doesNotContain("Secure");
	}

	private static String setCookie(String issuer) {
		AuthProperties properties = new AuthProperties(issuer, List.of(issuer + "/mcp"),
				new AuthProperties.RsClient("rs", "secret"), AuthProperties.TokenFormat.OPAQUE,
				new AuthProperties.Tokens(Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofDays(30),
						Duration.ofSeconds(5)));
		CookieSerializer cookie = new SessionConfig().sessionCookie(properties);
		MockHttpServletResponse response = new MockHttpServletResponse();
		cookie.writeCookieValue(new CookieValue(new MockHttpServletRequest(), response, "session-id"));
		return response.getHeader("Set-Cookie");
	}

}
