package com.defernowork.gateway.auth.support;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.defernowork.gateway.auth.user.DefernoAuthenticationToken;
import com.defernowork.gateway.auth.user.DefernoUser;
import com.defernowork.gateway.testsupport.AuthorizationCodeFlow;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Test sources only: a sign-in that trusts the given username, standing in for the
 * upstream sign-in that the shipped application uses. It sits at {@code /test-login} so
 * it never clashes with the real sign-in; tests follow the redirect to
 * {@code /oauth2/authorization/deferno} (or {@code /login}) by calling it instead.
 */
@Configuration(proxyBeanMethods = false)
public class TestLoginConfig {

	public static final String PATH = AuthorizationCodeFlow.TEST_LOGIN_PATH;

	@Bean
	@Order(0)
	SecurityFilterChain testLoginFilterChain(HttpSecurity http) throws Exception {
		http.securityMatcher(PATH).authorizeHttpRequests((authorize) -> authorize.anyRequest().permitAll());
		return http.build();
	}

	@Controller
	static class TestLoginController {

		private final HttpSessionSecurityContextRepository contexts = new HttpSessionSecurityContextRepository();

		private final HttpSessionRequestCache requests = new HttpSessionRequestCache();

		@GetMapping(PATH)
		void login(@RequestParam String username, HttpServletRequest request, HttpServletResponse response)
				throws IOException {
			if (request.getSession(false) != null) {
				request.changeSessionId();
			}
			DefernoUser user = new DefernoUser("id-" + username, username, "Test " + username);
			SecurityContext context = SecurityContextHolder.createEmptyContext();
			context.setAuthentication(new DefernoAuthenticationToken(user, null));
			this.contexts.saveContext(context, request, response);
			SavedRequest saved = this.requests.getRequest(request, response);
			response.sendRedirect((saved != null) ? saved.getRedirectUrl() : "/");
		}

	}

}
