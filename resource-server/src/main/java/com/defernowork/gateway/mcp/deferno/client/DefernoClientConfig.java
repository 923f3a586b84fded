package com.defernowork.gateway.mcp.deferno.client;

import java.time.Clock;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

import com.defernowork.gateway.mcp.http.OutboundHttp;
import com.defernowork.gateway.mcp.security.McpSecurityProperties;
import com.defernowork.gateway.web.settings.SettingText;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DefernoProperties.class)
class DefernoClientConfig {

	private static final Logger logger = LoggerFactory.getLogger(DefernoClientConfig.class);

	@Bean
	DefernoClient defernoClient(RestClient.Builder builder, OutboundHttp outboundHttp, DefernoProperties properties,
			JsonMapper jsonMapper, ObjectProvider<DefernoTokenSource> tokenSources,
			ObjectProvider<DefernoUnauthorizedListener> unauthorizedListeners,
			ObjectProvider<McpSecurityProperties> security, DefernoAnswers answers, ObjectProvider<PersonLanes> lanes) {
		warnIfClientsGiveUpFirst(properties.toolCallTimeout());
		warnIfNotTheApi(properties.normalizedBaseUrl());
		RestClient restClient = builder.clone()
			.requestFactory(outboundHttp.requestFactory(properties.connectTimeout(), properties.readTimeout(),
					properties.maxConnections(), CallDeadline::remaining))
			.build();
		return new DefernoClient(restClient, properties, jsonMapper, tokenSources, unauthorizedListeners,
				new ProfileCache(profileTtl(properties, security.getIfAvailable())),
				new SignInCheck(properties.signInCheckMemory()), DefernoClient.answerBudget(), new RetryBudget(),
				answers, lanes.getIfAvailable(() -> PersonLanes.UNBOUNDED));
	}

	/**
	 * Whether Deferno answered lately: the tools' calls note it, the health component
	 * reads it.
	 */
	@Bean
	DefernoAnswers defernoAnswers() {
		return new DefernoAnswers(Clock.systemUTC());
	}

	/** What common MCP clients wait for an answer to one request. */
	static final Duration CLIENT_PATIENCE = Duration.ofSeconds(60);

	/**
	 * A tool call allowed longer than clients wait is answered to no one: the agent never
	 * hears whether a slow write was applied.
	 */
	static void warnIfClientsGiveUpFirst(Duration toolCallTimeout) {
		if (toolCallTimeout.compareTo(CLIENT_PATIENCE) >= 0) {
			logger.warn("DEFERNO_TOOL_CALL_TIMEOUT (deferno.tool-call-timeout) is {}: common MCP clients give up on a "
					+ "request after {}, so a tool call still running then is answered to no one; keep it below",
					SettingText.of(toolCallTimeout), SettingText.of(CLIENT_PATIENCE));
		}
	}

	/**
	 * Deferno serves its API under {@code /api}: a base URL without it starts and looks
	 * healthy ({@code /health} answers beside the API), while every tool call meets
	 * Deferno's "no such route". Warned, not refused: a proxy may serve the API
	 * elsewhere.
	 */
	static void warnIfNotTheApi(String baseUrl) {
		if (!baseUrl.endsWith("/api")) {
			logger.warn("DEFERNO_BASE_URL (deferno.base-url) is {}, which does not end with /api where Deferno serves "
					+ "its API: if tool calls meet Deferno's 'no such route', add /api", baseUrl);
		}
	}

	/**
	 * No longer than an introspection answer is trusted: a profile must not outlive the
	 * check of the token that asked for it.
	 */
	static Duration profileTtl(DefernoProperties properties, McpSecurityProperties security) {
		Duration ttl = properties.profileTtl();
		if (security != null && ttl.compareTo(security.cache().ceiling()) > 0) {
			logger.info("whoami's profile is remembered for mcp.security.cache.ceiling ({}), shorter than "
					+ "deferno.profile-ttl ({})", security.cache().ceiling(), ttl);
			return security.cache().ceiling();
		}
		return ttl;
	}

}
