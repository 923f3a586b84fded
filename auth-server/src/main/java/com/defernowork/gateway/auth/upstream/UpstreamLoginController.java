package com.defernowork.gateway.auth.upstream;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import com.defernowork.gateway.auth.user.DefernoAuthenticationToken;
import com.defernowork.gateway.auth.vault.TokenVault;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.view.RedirectView;

/**
 * The upstream sign-in: {@code /login} sends the browser to Deferno (or the OIDC provider), {@code /login/callback}
 * checks {@code state}, obtains the person's Deferno token, vaults it, signs the person in and returns to the
 * saved authorization request.
 */
@Controller
class UpstreamLoginController {

	static final String PENDING_LOGIN = UpstreamLoginController.class.getName() + ".PENDING_LOGIN";

	private final UpstreamConnector connector;

	private final TokenVault vault;

	private final AccessDeniedRedirect accessDenied;

	private final RegisteredClientRepository clients;

	private final Clock clock = Clock.systemUTC();

	private final RequestCache requestCache = new HttpSessionRequestCache();

	private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();

	UpstreamLoginController(UpstreamConnector connector, TokenVault vault, AccessDeniedRedirect accessDenied,
			RegisteredClientRepository clients) {
		this.connector = connector;
		this.vault = vault;
		this.accessDenied = accessDenied;
		this.clients = clients;
	}

	@ModelAttribute
	void pageHeaders(HttpServletResponse response) {
		ProductPageHeaders.apply(response);
	}

	@GetMapping("/login")
	ModelAndView login(HttpServletRequest request) {
		PendingLogin login = PendingLogin.start(this.clock.instant());
		URI target = this.connector.authorizationUri(login);
		request.getSession().setAttribute(PENDING_LOGIN, login);
		return redirect(target.toString());
	}

	@GetMapping("/login/callback")
	ModelAndView callback(@RequestParam(required = false) String code, @RequestParam(required = false) String state,
			@RequestParam(required = false) String error, HttpServletRequest request, HttpServletResponse response) {
		HttpSession session = request.getSession(false);
		PendingLogin pending = (session != null) ? (PendingLogin) session.getAttribute(PENDING_LOGIN) : null;
		if (pending == null || state == null || !sameState(pending.state(), state)
				|| pending.isExpired(this.clock.instant())) {
			return UpstreamProblemPage.expired();
		}
		session.removeAttribute(PENDING_LOGIN);
		SavedRequest saved = this.requestCache.getRequest(request, response);
		if (error != null) {
			return upstreamError(error, saved, request, response);
		}
		if (code == null || code.isBlank()) {
			return UpstreamProblemPage.page(HttpStatus.BAD_REQUEST, "Sign-in did not finish",
					"Deferno sent the browser back without a sign-in code.", "/login", "Start again");
		}
		UpstreamSignIn signIn = this.connector.complete(pending, code, requestingClient(saved));
		signIn(new DefernoAuthenticationToken(signIn.user(), this.vault.storeSignIn(signIn.credential())), request,
				response);
		return redirect((saved != null) ? saved.getRedirectUrl() : "/connected-apps");
	}

	@ExceptionHandler(UpstreamUnavailableException.class)
	ModelAndView unavailable(UpstreamUnavailableException ex, HttpServletResponse response) {
		ProductPageHeaders.apply(response);
		return UpstreamProblemPage.unavailable(ex);
	}

	@ExceptionHandler(UpstreamRejectedException.class)
	ModelAndView rejected(UpstreamRejectedException ex, HttpServletResponse response) {
		ProductPageHeaders.apply(response);
		return UpstreamProblemPage.page(HttpStatus.BAD_GATEWAY, "Deferno did not accept the sign-in",
				ex.getMessage() + ".", "/login", "Try again");
	}

	private ModelAndView upstreamError(String error, SavedRequest saved, HttpServletRequest request,
			HttpServletResponse response) {
		if ("access_denied".equals(error)) {
			Optional<URI> back = this.accessDenied.of(saved);
			if (back.isPresent()) {
				this.requestCache.removeRequest(request, response);
				return redirect(back.get().toString());
			}
			return UpstreamProblemPage.page(HttpStatus.FORBIDDEN, "Sign-in cancelled",
					"You cancelled signing in to Deferno, so no app was connected.", "/login", "Sign in again");
		}
		return UpstreamProblemPage.page(HttpStatus.BAD_GATEWAY, "Deferno could not sign you in",
				"Deferno reported: " + error + ".", "/login", "Try again");
	}

	private RequestingClient requestingClient(SavedRequest saved) {
		String[] clientIds = (saved != null) ? saved.getParameterValues("client_id") : null;
		if (clientIds == null || clientIds.length != 1) {
			return RequestingClient.NONE;
		}
		RegisteredClient client = this.clients.findByClientId(clientIds[0]);
		return (client != null) ? new RequestingClient(client.getClientId(), client.getClientName())
				: RequestingClient.NONE;
	}

	private void signIn(DefernoAuthenticationToken authentication, HttpServletRequest request,
			HttpServletResponse response) {
		request.changeSessionId();
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(authentication);
		SecurityContextHolder.setContext(context);
		this.contexts.saveContext(context, request, response);
	}

	private static boolean sameState(String expected, String actual) {
		return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), actual.getBytes(StandardCharsets.UTF_8));
	}

	private static ModelAndView redirect(String url) {
		RedirectView view = new RedirectView(url);
		view.setExpandUriTemplateVariables(false);
		view.setExposeModelAttributes(false);
		return new ModelAndView(view);
	}

}
