package com.defernowork.gateway.mcp.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.util.StringUtils;

/** The signed-in person of the current call: the token's subject. */
public final class CallingPerson {

	private CallingPerson() {
	}

	/** The subject, or {@code null} without a signed-in person. */
	public static String name() {
		Authentication caller = SecurityContextHolder.getContext().getAuthentication();
		return (caller != null && caller.isAuthenticated() && StringUtils.hasText(caller.getName())) ? caller.getName()
				: null;
	}

}
