package com.defernowork.gateway.auth.upstream;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.ModelAndView;

/** The HTML page for a sign-in that could not finish: what happened, and the one thing to do next. */
final class UpstreamProblemPage {

	private UpstreamProblemPage() {
	}

	static ModelAndView page(HttpStatus status, String title, String message, String actionHref, String actionLabel) {
		return new ModelAndView("upstream/problem",
				Map.of("title", title, "message", message, "actionHref", actionHref, "actionLabel", actionLabel),
				status);
	}

	static ModelAndView expired() {
		return page(HttpStatus.BAD_REQUEST, "This sign-in link has expired",
				"The answer from Deferno does not match a sign-in started in this browser, or it took longer than "
						+ PendingLogin.LIFETIME.toMinutes() + " minutes. Nothing was connected.",
				"/login", "Start again");
	}

	static ModelAndView unavailable(UpstreamUnavailableException ex) {
		HttpStatus status = ex.isTimeout() ? HttpStatus.GATEWAY_TIMEOUT : HttpStatus.SERVICE_UNAVAILABLE;
		return page(status, ex.isTimeout() ? "Deferno is taking too long" : "Deferno cannot be reached right now",
				ex.getMessage() + ". Your apps are not affected; please try again in a moment.", "/login",
				"Retry sign-in");
	}

}
