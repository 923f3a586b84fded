package com.defernowork.gateway.mcp.security;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;

import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;

/** HTTP to the authorization server with the configured timeouts, for introspection, exchange and revocation. */
public final class AuthServerHttp {

	private AuthServerHttp() {
	}

	public static ClientHttpRequestFactory requestFactory(McpSecurityProperties properties) {
		HttpClient client = HttpClient.newBuilder().connectTimeout(properties.connectTimeout()).build();
		JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(client);
		factory.setReadTimeout(properties.readTimeout());
		return factory;
	}

	/**
	 * The client id or secret as HTTP Basic credentials for an OAuth server: form-urlencoded first (RFC 6749
	 * §2.3.1), which the authorization server decodes, so secrets with {@code :} or {@code %} work.
	 */
	public static String basicCredential(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
