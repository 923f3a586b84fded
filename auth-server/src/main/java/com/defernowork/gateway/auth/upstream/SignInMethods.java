package com.defernowork.gateway.auth.upstream;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import com.defernowork.gateway.web.EndpointMethods;

import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;

/**
 * The sign-in's start ({@code /oauth2/authorization/<connector>}) and callback answer GET
 * only (the filters serving them are told so): any other method reaches this controller
 * and gets 405, the product's page for a browser. A HEAD from a link checker or an
 * OPTIONS would otherwise start a sign-in, each one pushing the person's real one out of
 * those a session keeps, or redeem a code.
 */
@Controller
class SignInMethods {

	static final String START_PATH = "/oauth2/authorization/*";

	private static final List<HttpMethod> SERVED = List.of(HttpMethod.GET);

	@RequestMapping({ START_PATH, UpstreamSecurityConfig.CALLBACK_PATH })
	void methodNotAllowed(HttpServletRequest request) throws HttpRequestMethodNotSupportedException {
		throw new HttpRequestMethodNotSupportedException(request.getMethod(), List.of(HttpMethod.GET.name()));
	}

	@RequestMapping(method = RequestMethod.OPTIONS, path = { START_PATH, UpstreamSecurityConfig.CALLBACK_PATH })
	ResponseEntity<Void> options() {
		return EndpointMethods.options(SERVED);
	}

}
