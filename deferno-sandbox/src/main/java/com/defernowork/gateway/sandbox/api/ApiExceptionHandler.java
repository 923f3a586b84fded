package com.defernowork.gateway.sandbox.api;

import com.defernowork.gateway.sandbox.SandboxProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every failure into the error envelope with a specific status and code: documented
 * API errors, unknown routes (404), wrong methods (405), unreadable bodies and bad
 * parameters (400). Nothing leaks a stack trace.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
final class ApiExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(ApiExceptionHandler.class);

	private final SandboxProperties properties;

	ApiExceptionHandler(SandboxProperties properties) {
		this.properties = properties;
	}

	@ExceptionHandler
	ResponseEntity<Envelope> api(ApiException ex) {
		return error(ex.status(), ex.code(), ex.getMessage());
	}

	@ExceptionHandler({ NoHandlerFoundException.class, NoResourceFoundException.class })
	ResponseEntity<Envelope> unknownRoute(Exception ex) {
		return error(HttpStatus.NOT_FOUND, "not_found", "no such route");
	}

	@ExceptionHandler
	ResponseEntity<Envelope> wrongMethod(HttpRequestMethodNotSupportedException ex) {
		return error(HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
				"method " + ex.getMethod() + " is not allowed here");
	}

	@ExceptionHandler
	ResponseEntity<Envelope> unreadable(HttpMessageNotReadableException ex) {
		return error(HttpStatus.BAD_REQUEST, "bad_request", "request body is not valid JSON of the expected shape");
	}

	@ExceptionHandler
	ResponseEntity<Envelope> unsupportedMediaType(HttpMediaTypeNotSupportedException ex) {
		return error(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", "send the body as application/json");
	}

	@ExceptionHandler
	ResponseEntity<Envelope> missingParameter(MissingServletRequestParameterException ex) {
		return error(HttpStatus.BAD_REQUEST, "bad_request",
				"missing required query parameter '" + ex.getParameterName() + "'");
	}

	@ExceptionHandler
	ResponseEntity<Envelope> missingHeader(MissingRequestHeaderException ex) {
		return error(HttpStatus.UNAUTHORIZED, "unauthorized", "missing header " + ex.getHeaderName());
	}

	@ExceptionHandler
	ResponseEntity<Envelope> typeMismatch(MethodArgumentTypeMismatchException ex) {
		return error(HttpStatus.BAD_REQUEST, "bad_request",
				"invalid value for '" + ex.getName() + "': " + ex.getValue());
	}

	@ExceptionHandler
	ResponseEntity<Envelope> unexpected(Exception ex) {
		if (ex instanceof ErrorResponse response && response.getStatusCode().is4xxClientError()) {
			// any other Spring MVC client error keeps its status
			HttpStatus status = HttpStatus.valueOf(response.getStatusCode().value());
			return error(status, "bad_request", status.getReasonPhrase().toLowerCase(java.util.Locale.ROOT));
		}
		logger.error("Unexpected failure", ex);
		return error(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error", "unexpected sandbox failure");
	}

	private ResponseEntity<Envelope> error(HttpStatus status, String code, String message) {
		return ResponseEntity.status(status)
			.contentType(MediaType.APPLICATION_JSON)
			.body(Envelope.error(this.properties.apiVersion(), code, message));
	}

}
