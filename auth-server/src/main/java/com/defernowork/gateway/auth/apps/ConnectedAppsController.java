package com.defernowork.gateway.auth.apps;

import jakarta.servlet.http.HttpServletRequest;

import com.defernowork.gateway.auth.session.SignOutState;
import com.defernowork.gateway.auth.user.DefernoUser;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/**
 * The signed-in person's connected apps, each with a Disconnect button that revokes its
 * grant. Its chain lets only people signed in through Deferno reach it.
 */
@Controller
class ConnectedAppsController {

	private final ConnectedApps apps;

	ConnectedAppsController(ConnectedApps apps) {
		this.apps = apps;
	}

	@GetMapping("/connected-apps")
	String list(@AuthenticationPrincipal DefernoUser person, @RequestParam(required = false) String disconnected,
			@RequestParam(required = false) String unchanged, Model model) {
		model.addAttribute("user", person);
		model.addAttribute("apps", this.apps.of(person.id()));
		model.addAttribute("disconnected", disconnected != null);
		model.addAttribute("unchanged", unchanged != null);
		return "apps/connected-apps";
	}

	/**
	 * Signing out from a link, or from a page whose form was outdated: asked once more
	 * with a form of this session; someone not signed in is signed out already.
	 */
	@GetMapping("/logout")
	String signOut(@AuthenticationPrincipal DefernoUser person, HttpServletRequest request, Model model) {
		if (person == null) {
			return "redirect:/signed-out";
		}
		model.addAttribute("user", person);
		model.addAttribute("state", SignOutState.of(request));
		return "apps/sign-out";
	}

	/**
	 * Where the sign-out ends: not the sign-in page, which would sign the person in again
	 * at once. A person still signed in came here by a link or a sign-out posted from
	 * another site (which the browser sends without the session's cookie): told so, not
	 * that they are signed out.
	 */
	@GetMapping("/signed-out")
	String signedOut(@AuthenticationPrincipal DefernoUser person, Model model) {
		model.addAttribute("user", person);
		return "apps/signed-out";
	}

	@PostMapping("/connected-apps/{handle}/disconnect")
	ModelAndView disconnect(@AuthenticationPrincipal DefernoUser person, @PathVariable String handle) {
		return this.apps.disconnect(person.id(), handle) ? new ModelAndView("redirect:/connected-apps?disconnected")
				: new ModelAndView("apps/not-found", HttpStatus.NOT_FOUND);
	}

}
