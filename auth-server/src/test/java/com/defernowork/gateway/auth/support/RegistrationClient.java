package com.defernowork.gateway.auth.support;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.defernowork.gateway.testsupport.Browser;

/** Dynamic client registration (RFC 7591) as MCP clients do it. */
public final class RegistrationClient {

	private final String baseUrl;

	private final Browser browser = new Browser();

	public RegistrationClient(String baseUrl) {
		this.baseUrl = baseUrl;
	}

	public HttpResponse<String> register(String json) {
		return this.browser.postJson(this.baseUrl + "/oauth2/register", json);
	}

	/**
	 * What MCP Inspector sends: a public client with a loopback redirect and
	 * {@code scope: mcp:tools}.
	 */
	public static String inspectorRequest(String redirectUri) {
		return Json.write(Map.of("redirect_uris", List.of(redirectUri), "token_endpoint_auth_method", "none",
				"grant_types", List.of("authorization_code", "refresh_token"), "response_types", List.of("code"),
				"client_name", "MCP Inspector", "client_uri", "https://github.com/modelcontextprotocol/inspector",
				"scope", "mcp:tools", "application_type", "native"));
	}

	/** Registers a public client and returns the 201 answer. */
	public Map<String, Object> registerPublic(String redirectUri) {
		HttpResponse<String> response = register(inspectorRequest(redirectUri));
		if (response.statusCode() != 201) {
			throw new IllegalStateException("registration failed: " + response.statusCode() + " " + response.body());
		}
		return Json.parse(response.body());
	}

}
