package com.defernowork.gateway.mcp.security;

import com.defernowork.gateway.mcp.security.McpSecurityProperties.TokenFormat;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Which validator {@code mcp.security.token-format} selects, read as the settings bind it
 * (blank is the default, spaces and case do not count): {@code @ConditionalOnProperty}
 * compares the raw value, so {@code MCP_TOKEN_FORMAT=} or {@code 'jwt '} selected no
 * validator at all.
 */
final class TokenFormatChoice {

	static final String PROPERTY = "mcp.security.token-format";

	private TokenFormatChoice() {
	}

	/**
	 * The bound format, or null for a value that is none: the settings refuse that
	 * themselves, naming it.
	 */
	static TokenFormat bound(Binder binder) {
		try {
			return binder.bind(PROPERTY, TokenFormat.class).orElse(TokenFormat.OPAQUE);
		}
		catch (BindException ex) {
			return null;
		}
	}

	private static boolean chosen(ConditionContext context, TokenFormat format) {
		return bound(Binder.get(context.getEnvironment())) == format;
	}

	static final class Opaque implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return chosen(context, TokenFormat.OPAQUE);
		}

	}

	static final class Jwt implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return chosen(context, TokenFormat.JWT);
		}

	}

}
