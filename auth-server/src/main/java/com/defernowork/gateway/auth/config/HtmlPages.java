package com.defernowork.gateway.auth.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

import com.defernowork.gateway.web.trace.TraceIdHeader;

import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/** The server's own HTML pages: their headers, and writing one as a response. */
public final class HtmlPages {

	/**
	 * Only our own stylesheet and images; no scripts, no framing. {@code form-action} is
	 * left out on purpose: browsers apply it to every redirect that follows a form, and
	 * the consent form's ends at the client's redirect URI, a sign-out's that goes on
	 * with an authorization request at Deferno's sign-in.
	 */
	public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'self'; img-src 'self' data:; "
			+ "frame-ancestors 'none'; base-uri 'none'";

	private HtmlPages() {
	}

	/**
	 * The headers of every chain that serves pages: no framing, our policy, and no
	 * {@code Referer} to wherever a page links or redirects (a consent state, a code).
	 */
	public static Customizer<HeadersConfigurer<HttpSecurity>> pageHeaders() {
		return (headers) -> headers.frameOptions((frame) -> frame.deny())
			.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.NO_REFERRER))
			.contentSecurityPolicy((csp) -> csp.policyDirectives(CONTENT_SECURITY_POLICY));
	}

	/**
	 * The headers Spring Security gives the pages it sees, for answers it does not: an
	 * error rendered in the container's error dispatch, or one written after a reset.
	 * Headers already set are kept.
	 */
	public static void protect(HttpServletResponse response) {
		setIfAbsent(response, "Content-Security-Policy", CONTENT_SECURITY_POLICY);
		setIfAbsent(response, "X-Frame-Options", "DENY");
		setIfAbsent(response, "X-Content-Type-Options", "nosniff");
		setIfAbsent(response, "Referrer-Policy", "no-referrer");
		setIfAbsent(response, "Cache-Control", "no-store");
	}

	private static void setIfAbsent(HttpServletResponse response, String name, String value) {
		if (!response.containsHeader(name)) {
			response.setHeader(name, value);
		}
	}

	/**
	 * Writes the page, which shows the answer's trace id as a reference to quote
	 * ({@code fragments/page :: reference}).
	 */
	public static void render(ITemplateEngine templates, HttpServletResponse response, int status, String template,
			Map<String, Object> model) throws IOException {
		Map<String, Object> variables = new HashMap<>(model);
		variables.putIfAbsent(TraceIdHeader.ATTRIBUTE, response.getHeader(TraceIdHeader.NAME));
		response.setStatus(status);
		response.setContentType(MediaType.TEXT_HTML_VALUE);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		// rendered whole before any of it is written, as the application's views are
		// (spring.thymeleaf.servlet.produce-partial-output-while-processing)
		String page = templates.process(template, new Context(Locale.ENGLISH, variables));
		response.getWriter().write(page);
	}

}
