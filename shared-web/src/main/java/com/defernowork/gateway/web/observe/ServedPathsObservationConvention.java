package com.defernowork.gateway.web.observe;

import java.util.Collection;
import java.util.Set;

import io.micrometer.common.KeyValue;

import org.springframework.http.server.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * {@code http.server.requests} with the path of an endpoint a filter or servlet answers
 * (Spring Authorization Server's, the MCP endpoint), which Spring MVC's handler mappings
 * never see and so tags {@code uri="UNKNOWN"} (or {@code REDIRECTION}): without it the
 * token, introspection and MCP requests share one series and their rates, errors and
 * latency cannot be told apart. Only the given exact paths, so the tag stays bounded.
 */
public final class ServedPathsObservationConvention extends DefaultServerRequestObservationConvention {

	private final Set<String> paths;

	public ServedPathsObservationConvention(Collection<String> paths) {
		this.paths = Set.copyOf(paths);
	}

	@Override
	protected KeyValue uri(ServerRequestObservationContext context) {
		if (context.getPathPattern() == null && context.getCarrier() != null) {
			String path = context.getCarrier().getServletPath() + nonNull(context.getCarrier().getPathInfo());
			if (this.paths.contains(path)) {
				return KeyValue.of("uri", path);
			}
		}
		return super.uri(context);
	}

	private static String nonNull(String pathInfo) {
		return (pathInfo != null) ? pathInfo : "";
	}

}
