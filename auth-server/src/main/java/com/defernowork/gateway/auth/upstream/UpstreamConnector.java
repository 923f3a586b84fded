package com.defernowork.gateway.auth.upstream;

import java.util.Locale;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Which connector signs people in, read the same way by the settings and by the
 * connectors' configurations: absent or blank is Deferno's own, spaces around it and case
 * do not count, as with the other choices (AUTH_STORAGE, AUTH_TOKEN_FORMAT)
 * ({@code @ConditionalOnProperty} compares the raw value, so {@code UPSTREAM_CONNECTOR=}
 * would select neither).
 */
final class UpstreamConnector {

	static final String PROPERTY = "auth.upstream.connector";

	private UpstreamConnector() {
	}

	static String normalize(String value) {
		return (value == null || value.isBlank()) ? "deferno" : value.trim().toLowerCase(Locale.ROOT);
	}

	static final class Deferno implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return "deferno".equals(normalize(context.getEnvironment().getProperty(PROPERTY)));
		}

	}

	static final class Oidc implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return "oidc".equals(normalize(context.getEnvironment().getProperty(PROPERTY)));
		}

	}

}
