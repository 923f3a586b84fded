package com.defernowork.gateway.sandbox.auth;

import com.defernowork.gateway.sandbox.api.ApiException;
import com.defernowork.gateway.sandbox.store.Account;

import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Hands the authenticated {@link Account} to controller methods that declare it. */
final class AccountArgumentResolver implements HandlerMethodArgumentResolver {

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return Account.class.equals(parameter.getParameterType());
	}

	@Override
	public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
			NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
		Object account = webRequest.getAttribute(BearerAuthenticationInterceptor.ACCOUNT_ATTRIBUTE,
				RequestAttributes.SCOPE_REQUEST);
		if (account == null) {
			throw ApiException.unauthorized("missing or invalid token");
		}
		return account;
	}

}
