package com.defernowork.gateway.auth.security;

import java.util.Map;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The endpoints for clients answer POST only (the framework's filters); any other method
 * reaches this controller and is told so with 405, rather than being sent to a sign-in
 * page it cannot use.
 */
@RestController
class ClientEndpointMethods {

	static final String[] PATHS = { "/oauth2/token", "/oauth2/introspect", "/oauth2/revoke" };

	@RequestMapping({ "/oauth2/token", "/oauth2/introspect", "/oauth2/revoke" })
	ResponseEntity<Map<String, String>> methodNotAllowed(HttpMethod method) {
		return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED)
			.allow(HttpMethod.POST, HttpMethod.OPTIONS)
			.cacheControl(CacheControl.noStore())
			// JSON whatever the client accepts: the error is for it, not for a page
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("error", OAuth2ErrorCodes.INVALID_REQUEST, "error_description",
					method.name() + " is not allowed here; this endpoint takes POST"));
	}

}
