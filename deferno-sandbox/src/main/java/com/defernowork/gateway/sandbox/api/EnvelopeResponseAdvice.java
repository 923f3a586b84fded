package com.defernowork.gateway.sandbox.api;

import com.defernowork.gateway.sandbox.SandboxProperties;

import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.StringHttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Wraps what the sandbox's API controllers return in the success envelope, so controllers
 * return plain data. A body that already is an {@link Envelope} (e.g. a deliberate
 * {@code data: null}) passes through.
 */
@RestControllerAdvice(basePackages = "com.defernowork.gateway.sandbox")
final class EnvelopeResponseAdvice implements ResponseBodyAdvice<Object> {

	private final SandboxProperties properties;

	EnvelopeResponseAdvice(SandboxProperties properties) {
		this.properties = properties;
	}

	@Override
	public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
		return !StringHttpMessageConverter.class.isAssignableFrom(converterType);
	}

	@Override
	public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
			Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
			ServerHttpResponse response) {
		if (body instanceof Envelope || body instanceof byte[]
				|| !MediaType.APPLICATION_JSON.isCompatibleWith(contentType)) {
			return body;
		}
		return Envelope.ok(this.properties.apiVersion(), body);
	}

}
