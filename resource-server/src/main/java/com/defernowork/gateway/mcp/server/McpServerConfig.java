package com.defernowork.gateway.mcp.server;

import java.security.SecureRandom;
import java.util.Set;
import java.util.stream.Collectors;

import io.micrometer.observation.ObservationRegistry;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.modern.McpSchema.CacheScope;
import io.modelcontextprotocol.modern.McpSchema.Implementation;
import io.modelcontextprotocol.modern.server.HmacRequestStateCodec;
import io.modelcontextprotocol.modern.server.feature.PromptsFeature;
import io.modelcontextprotocol.modern.server.feature.ResourcesFeature;
import io.modelcontextprotocol.modern.server.feature.ToolsFeature;
import io.modelcontextprotocol.modern.server.transport.HttpServletMcpTransport;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import com.defernowork.gateway.mcp.catalog.DefernoPrompt;
import com.defernowork.gateway.mcp.catalog.DefernoTool;
import com.defernowork.gateway.mcp.catalog.ToolCatalog;
import com.defernowork.gateway.mcp.catalog.ToolResults;
import com.defernowork.gateway.mcp.http.ByteBudget;
import com.defernowork.gateway.mcp.trace.MetaTraceScope;

/**
 * The MCP server at {@code /mcp} (and {@code /mcp/}), both protocol eras over one
 * {@link ToolCatalog} (tools, resources and prompts): the SDK's 2026-07-28 server behind
 * its servlet transport, and its stateless 2025-11-25 server behind
 * {@link LegacyMcpTransport}. Handlers run on the servlet thread, so the request's
 * security context is there.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(McpEndpointProperties.class)
class McpServerConfig {

	static final String ENDPOINT = "/mcp";

	static final String NAME = "deferno-mcp-gateway";

	@Bean
	LegacyMcpTransport legacyMcpTransport(JsonMapper jsonMapper, ToolCatalog toolCatalog) {
		Set<String> toolNames = toolCatalog.tools().stream().map(DefernoTool::name).collect(Collectors.toSet());
		Set<String> promptNames = toolCatalog.prompts().stream().map(DefernoPrompt::name).collect(Collectors.toSet());
		return new LegacyMcpTransport(jsonMapper, new LegacyRequests(toolNames, promptNames));
	}

	@Bean
	ToolArgumentsValidator toolArgumentsValidator(JsonMapper jsonMapper, ToolCatalog toolCatalog,
			ToolResults toolResults) {
		return new ToolArgumentsValidator(jsonMapper, toolCatalog, toolResults);
	}

	@Bean(destroyMethod = "close")
	McpStatelessSyncServer legacyMcpServer(LegacyMcpTransport legacyMcpTransport, McpJsonMapper mcpJsonMapper,
			ToolCatalog toolCatalog, ToolArgumentsValidator toolArgumentsValidator) {
		return McpServer.sync(legacyMcpTransport)
			.serverInfo(NAME, version())
			.instructions(ServerInstructions.TEXT)
			// logging: 2025-era clients may set a level; this server then simply sends
			// nothing below it
			.capabilities(
					ServerCapabilities.builder().tools(false).resources(false, false).prompts(false).logging().build())
			.jsonMapper(mcpJsonMapper)
			.jsonSchemaValidator(toolArgumentsValidator)
			.validateToolInputs(true)
			.immediateExecution(true)
			.tools(LegacyCatalog.tools(toolCatalog))
			.resources(LegacyCatalog.resources(toolCatalog))
			.resourceTemplates(LegacyCatalog.resourceTemplates(toolCatalog))
			.prompts(LegacyCatalog.prompts(toolCatalog))
			.build();
	}

	@Bean
	io.modelcontextprotocol.modern.server.McpServer modernMcpServer(McpJsonMapper mcpJsonMapper,
			ToolCatalog toolCatalog, ToolArgumentsValidator toolArgumentsValidator) {
		long listTtl = ModernCatalog.LIST_TTL.toMillis();
		return io.modelcontextprotocol.modern.server.McpServer.builder()
			.serverInfo(Implementation.builder(NAME, version()).build())
			.instructions(ServerInstructions.TEXT)
			.supportedVersions(ProtocolVersions.ALL)
			.jsonMapper(mcpJsonMapper)
			// identical for every caller: what the server is and speaks
			.discoverCache(listTtl, CacheScope.PUBLIC)
			// no tool asks the client for input, so no requestState is ever sealed: a
			// per-process key is enough
			.requestStateCodec(HmacRequestStateCodec.builder().key(randomKey()).jsonMapper(mcpJsonMapper).build())
			.feature(ToolsFeature.ofSync(ModernCatalog.tools(toolCatalog, mcpJsonMapper, toolArgumentsValidator),
					mcpJsonMapper, toolArgumentsValidator, listTtl, CacheScope.PUBLIC))
			.feature(ResourcesFeature.ofSync(ModernCatalog.resources(toolCatalog, mcpJsonMapper), mcpJsonMapper,
					listTtl, CacheScope.PUBLIC))
			.feature(PromptsFeature.ofSync(ModernCatalog.prompts(toolCatalog, mcpJsonMapper), mcpJsonMapper, listTtl,
					CacheScope.PUBLIC))
			.build();
	}

	@Bean
	ServletRegistrationBean<McpEndpointServlet> mcpEndpoint(
			io.modelcontextprotocol.modern.server.McpServer modernMcpServer, LegacyMcpTransport legacyMcpTransport,
			McpJsonMapper mcpJsonMapper, JsonMapper jsonMapper, McpEndpointProperties properties,
			ObjectProvider<ObservationRegistry> observations) {
		// Host and Origin are the security layer's (HostOriginFilter), the size limit the
		// gate's
		HttpServletMcpTransport modern = HttpServletMcpTransport.builder(modernMcpServer)
			.jsonMapper(mcpJsonMapper)
			.endpoint(ENDPOINT)
			.httpHeaderValidator((headers) -> {
			})
			.maxRequestSize(properties.maxRequestBytes())
			.build();
		ServletRegistrationBean<McpEndpointServlet> registration = new ServletRegistrationBean<>(
				new McpEndpointServlet(modern, legacyMcpTransport, jsonMapper,
						new MetaTraceScope(observations.getIfAvailable(() -> ObservationRegistry.NOOP)),
						new ListenWithoutNotifications(jsonMapper, NAME, version())),
				ENDPOINT, ENDPOINT + "/");
		registration.setName("mcpEndpoint");
		registration.setLoadOnStartup(1);
		return registration;
	}

	@Bean
	FilterRegistrationBean<McpPathFilter> mcpPathFilter() {
		FilterRegistrationBean<McpPathFilter> registration = new FilterRegistrationBean<>(new McpPathFilter(ENDPOINT));
		// after the Host and Origin check (HIGHEST_PRECEDENCE + 2)
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 3);
		return registration;
	}

	@Bean
	FilterRegistrationBean<McpRequestGate> mcpRequestGate(McpEndpointProperties properties) {
		FilterRegistrationBean<McpRequestGate> registration = new FilterRegistrationBean<>(
				new McpRequestGate(properties.maxRequestBytes(), requestBodyBudget(properties.maxRequestBytes())));
		registration.addUrlPatterns(ENDPOINT, ENDPOINT + "/");
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 4);
		return registration;
	}

	@Bean
	FilterRegistrationBean<SlowAnswerFilter> slowAnswerFilter() {
		FilterRegistrationBean<SlowAnswerFilter> registration = new FilterRegistrationBean<>(new SlowAnswerFilter());
		registration.addUrlPatterns(ENDPOINT, ENDPOINT + "/");
		// after the request gate, before the security filters (which keep the answer)
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
		return registration;
	}

	/**
	 * The request bodies held at once: an eightieth of the heap, never less than one of
	 * the largest. A body is held while its request runs, and once parsed into arguments
	 * and checked takes some 30 to 40 times its bytes: an eighth of an 80 MB heap let ten
	 * batches of some 200 KB run it out of memory before any reached Deferno; now the
	 * sixth is told to come back. On 80 MB this is one largest body (its floor, not its
	 * share, binds), some 40 MB once parsed: what follows the parse must not add to it
	 * (batch_tasks refuses more than a hundred blockers before resolving any).
	 */
	static ByteBudget requestBodyBudget(int maxRequestBytes) {
		return ByteBudget.shareOfTheHeap(80, maxRequestBytes);
	}

	private static byte[] randomKey() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		return key;
	}

	private static String version() {
		String version = McpServerConfig.class.getPackage().getImplementationVersion();
		return (version != null) ? version : "dev";
	}

}
