package com.defernowork.gateway.auth.apps;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import com.defernowork.gateway.auth.session.SignOutConsent;
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

	/** The session's note of the app just disconnected, for the list's next showing. */
	private static final String DISCONNECTED = ConnectedAppsController.class.getName() + ".disconnected";

	private static final String LIST = "apps/connected-apps";

	private final ConnectedApps apps;

	private final SignOutConsent signOutConsent;

	ConnectedAppsController(ConnectedApps apps, SignOutConsent signOutConsent) {
		this.apps = apps;
		this.signOutConsent = signOutConsent;
	}

	@GetMapping("/connected-apps")
	String list(@AuthenticationPrincipal DefernoUser person, @RequestParam(required = false) String unchanged,
			@RequestParam(name = "cross-site", required = false) String crossSite, HttpSession session, Model model) {
		listed(person, session, model.asMap());
		model.addAttribute("unchanged", unchanged != null);
		model.addAttribute("crossSite", crossSite != null);
		return LIST;
	}

	private void listed(DefernoUser person, HttpSession session, Map<String, Object> model) {
		model.put("user", person);
		model.put("apps", this.apps.of(person.id()));
		// said once: a reload, or a link to ?disconnected, disconnected nothing
		Object disconnected = session.getAttribute(DISCONNECTED);
		if (disconnected != null) {
			session.removeAttribute(DISCONNECTED);
		}
		model.put("disconnected", disconnected);
		model.put("disconnectedNamed", disconnected != null && ConnectedApp.isNamed(disconnected.toString()));
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
		model.addAllAttributes(this.signOutConsent.model(SignOutState.of(request), person));
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
	ModelAndView disconnect(@AuthenticationPrincipal DefernoUser person, @PathVariable String handle,
			HttpSession session) {
		return this.apps.disconnect(person.id(), handle).map((name) -> {
			session.setAttribute(DISCONNECTED, name);
			return new ModelAndView("redirect:/connected-apps?disconnected");
		}).orElseGet(() -> {
			// a second click, another tab's, another account's app: the list as it is
			// now, with the first click's notice if its session was saved already
			ModelAndView page = new ModelAndView(LIST, HttpStatus.NOT_FOUND);
			listed(person, session, page.getModel());
			page.addObject("notConnected", page.getModel().get("disconnected") == null);
			return page;
		});
	}

	/**
	 * The disconnect form's address opened as a page (a reload, a copied link): nothing
	 * is disconnected by a link; the list shows whether the app is still there.
	 */
	@GetMapping("/connected-apps/{handle}/disconnect")
	String disconnectOpenedAsAPage() {
		return "redirect:/connected-apps";
	}

}
