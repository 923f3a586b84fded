package com.defernowork.gateway.sandbox.api;

import com.defernowork.gateway.sandbox.SandboxProperties;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors raised outside Spring MVC (the container's {@code /error} dispatch) get the same
 * error envelope as the API, never Boot's default page or a stack trace.
 */
@RestController
final class ErrorEnvelopeController implements ErrorController {

	private final SandboxProperties properties;

	ErrorEnvelopeController(SandboxProperties properties) {
		this.properties = properties;
	}

	@RequestMapping("/error")
	ResponseEntity<Envelope> error(HttpServletRequest request) {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		// no status: asked for directly, where there is no error to show
		HttpStatus status = HttpStatus.resolve((code instanceof Integer value) ? value : 404);
		if (status == null || !status.isError()) {
			status = HttpStatus.INTERNAL_SERVER_ERROR;
		}
		String errorCode = switch (status) {
			case NOT_FOUND -> "not_found";
			case METHOD_NOT_ALLOWED -> "method_not_allowed";
			case UNAUTHORIZED -> "unauthorized";
			case FORBIDDEN -> "forbidden";
			default -> status.is4xxClientError() ? "bad_request" : "internal_error";
		};
		return ResponseEntity.status(status)
			.contentType(MediaType.APPLICATION_JSON)
			.body(Envelope.error(this.properties.apiVersion(), errorCode, status.getReasonPhrase().toLowerCase()));
	}

}
