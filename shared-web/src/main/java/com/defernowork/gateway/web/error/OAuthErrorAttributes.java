package com.defernowork.gateway.web.error;

import java.util.LinkedHashMap;
import java.util.Map;

import com.defernowork.gateway.web.container.ContainerErrorBody;

import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.webmvc.error.DefaultErrorAttributes;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.WebRequest;

/**
 * What Boot's error controller renders for failures no endpoint answered itself (an
 * undecodable parameter, a body over the container's limits, a path or a method nothing
 * serves): OAuth's shape, {@code error} and {@code error_description}, so that a client
 * of the authorization server, or one reading the resource server's metadata, reads every
 * refusal the same way; {@code status} stays (the auth server's error page shows it).
 * Nothing else of the request is echoed. ({@code /mcp} answers JSON-RPC errors of its
 * own.)
 */
final class OAuthErrorAttributes extends DefaultErrorAttributes {

	@Override
	public Map<String, Object> getErrorAttributes(WebRequest request, ErrorAttributeOptions options) {
		Object status = super.getErrorAttributes(request, ErrorAttributeOptions.defaults()).get("status");
		int code = (status instanceof Integer number) ? number : 500;
		Map<String, Object> attributes = new LinkedHashMap<>();
		attributes.put("error", ContainerErrorBody.isServerFailure(code) ? "server_error"
				: (code == 401) ? "invalid_client" : "invalid_request");
		attributes.put("error_description", (request.getAttribute(ErrorDescription.ATTRIBUTE,
				RequestAttributes.SCOPE_REQUEST) instanceof String given) ? given : description(code));
		attributes.put("status", code);
		return attributes;
	}

	private static String description(int status) {
		return switch (status) {
			case 400 -> "The request is malformed (a parameter, header or body that cannot be read)";
			case 401 -> "This endpoint needs the client's credentials";
			case 403 -> "This request is not allowed";
			case 404 -> "Nothing is served at this address";
			case 405 -> "This endpoint does not take this method";
			case 413 -> "The request is too large";
			case 415 -> "This endpoint does not take this content type";
			case 421 -> "This server does not serve the host the request names: use the address as published";
			case 501 -> "This request's method or transfer coding is not implemented here";
			case 505 -> "This HTTP version is not supported";
			default -> (status >= 500) ? "The server could not complete the request; try again in a moment"
					: "The request cannot be served (HTTP " + status + ")";
		};
	}

}
