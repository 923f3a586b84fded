package com.defernowork.gateway.auth.apps;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.defernowork.gateway.auth.user.DefernoAuthenticationToken;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/**
 * The signed-in person's connected apps, each with a Disconnect button that revokes its
 * grant.
 */
@Controller
class ConnectedAppsController {

	private final ConnectedApps apps;

	private final HttpSessionRequestCache requestCache = new HttpSessionRequestCache();

	ConnectedAppsController(ConnectedApps apps) {
		this.apps = apps;
	}

	@GetMapping("/connected-apps")
	String list(@RequestParam(required = false) String disconnected, Model model, HttpServletRequest request,
			HttpServletResponse response) {
		if (!(SecurityContextHolder.getContext().getAuthentication() instanceof DefernoAuthenticationToken person)) {
			this.requestCache.saveRequest(request, response);
			return "redirect:/login";
		}
		model.addAttribute("user", person.getPrincipal());
		model.addAttribute("apps", this.apps.of(person.getName()));
		model.addAttribute("disconnected", disconnected != null);
		return "apps/connected-apps";
	}

	@PostMapping("/connected-apps/{authorizationId}/disconnect")
	ModelAndView disconnect(@PathVariable String authorizationId) {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (!(authentication instanceof DefernoAuthenticationToken person)) {
			return new ModelAndView("redirect:/login");
		}
		if (!this.apps.disconnect(person.getName(), authorizationId)) {
			ModelAndView notFound = new ModelAndView("apps/not-found", HttpStatus.NOT_FOUND);
			return notFound;
		}
		return new ModelAndView("redirect:/connected-apps?disconnected");
	}

}
