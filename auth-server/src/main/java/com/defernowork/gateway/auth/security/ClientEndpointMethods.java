package com.defernowork.gateway.auth.security;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.HandlerMapping;

/**
 * The framework's endpoints answer only their own methods (its filters); any other method
 * reaches this controller and is told so with 405 and {@code Allow} (RFC 9110 §15.5.6),
 * rather than being sent to a sign-in page it cannot use or told nothing is there; and
 * {@code OPTIONS} lists those methods, not every method there is.
 */
@RestController
class ClientEndpointMethods {

	private static final String TOKEN = "/oauth2/token";

	private static final String INTROSPECT = "/oauth2/introspect";

	private static final String REVOKE = "/oauth2/revoke";

	private static final String JWKS = "/oauth2/jwks";

	/** {@code /.well-known/openid-configuration}, its alias, arrives here too. */
	private static final String METADATA = "/.well-known/oauth-authorization-server";

	private static final String AUTHORIZE = "/oauth2/authorize";

	/** The endpoints for clients: nothing but POST, so never a sign-in page. */
	static final String[] PATHS = { TOKEN, INTROSPECT, REVOKE };

	private static final Map<String, List<HttpMethod>> SERVED = Map.of(TOKEN, List.of(HttpMethod.POST), INTROSPECT,
			List.of(HttpMethod.POST), REVOKE, List.of(HttpMethod.POST), JWKS, List.of(HttpMethod.GET), METADATA,
			List.of(HttpMethod.GET), AUTHORIZE, List.of(HttpMethod.GET, HttpMethod.POST));

	@RequestMapping({ TOKEN, INTROSPECT, REVOKE, JWKS, METADATA, AUTHORIZE })
	ResponseEntity<Map<String, String>> methodNotAllowed(HttpMethod method, HttpServletRequest request) {
		String path = endpoint(request);
		String takes = SERVED.get(path).stream().map(HttpMethod::name).collect(Collectors.joining(" or "));
		return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED)
			.allow(allowed(path))
			.cacheControl(CacheControl.noStore())
			// JSON whatever the client accepts: the error is for it, not for a page
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("error", OAuth2ErrorCodes.INVALID_REQUEST, "error_description",
					method.name() + " is not allowed here; this endpoint takes " + takes));
	}

	@RequestMapping(method = RequestMethod.OPTIONS, path = { TOKEN, INTROSPECT, REVOKE, JWKS, METADATA, AUTHORIZE })
	ResponseEntity<Void> options(HttpServletRequest request) {
		return ResponseEntity.noContent().allow(allowed(endpoint(request))).build();
	}

	/**
	 * The path of this controller's mapping that matched (the alias arrives
	 * re-addressed).
	 */
	private static String endpoint(HttpServletRequest request) {
		return (String) request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
	}

	private static HttpMethod[] allowed(String path) {
		return Stream.concat(SERVED.get(path).stream(), Stream.of(HttpMethod.OPTIONS)).toArray(HttpMethod[]::new);
	}

}
