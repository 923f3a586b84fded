package com.defernowork.gateway.auth.security;

import java.util.List;
import java.util.Map;
import java.util.Set;

import com.defernowork.gateway.web.EndpointMethods;
import com.defernowork.gateway.web.HeadAsGet;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.HandlerMapping;

/**
 * The framework's endpoints answer only their own methods (its filters); any other method
 * reaches this controller and gets {@link EndpointMethods}' 405, rather than being sent
 * to a sign-in page it cannot use or told nothing is there.
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

	/**
	 * The documents, served for GET by the framework and for HEAD by {@link HeadAsGet}.
	 */
	static final Set<String> DOCUMENTS = Set.of(JWKS, METADATA);

	private static final Map<String, List<HttpMethod>> SERVED = Map.of(TOKEN, List.of(HttpMethod.POST), INTROSPECT,
			List.of(HttpMethod.POST), REVOKE, List.of(HttpMethod.POST), JWKS, List.of(HttpMethod.GET, HttpMethod.HEAD),
			METADATA, List.of(HttpMethod.GET, HttpMethod.HEAD), AUTHORIZE, List.of(HttpMethod.GET, HttpMethod.POST));

	@RequestMapping({ TOKEN, INTROSPECT, REVOKE, JWKS, METADATA, AUTHORIZE })
	ResponseEntity<Map<String, String>> methodNotAllowed(HttpMethod method, HttpServletRequest request) {
		return EndpointMethods.notAllowed(method, SERVED.get(endpoint(request)));
	}

	@RequestMapping(method = RequestMethod.OPTIONS, path = { TOKEN, INTROSPECT, REVOKE, JWKS, METADATA, AUTHORIZE })
	ResponseEntity<Void> options(HttpServletRequest request) {
		return EndpointMethods.options(SERVED.get(endpoint(request)));
	}

	/**
	 * The path of this controller's mapping that matched (the alias arrives
	 * re-addressed).
	 */
	private static String endpoint(HttpServletRequest request) {
		return (String) request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
	}

}
