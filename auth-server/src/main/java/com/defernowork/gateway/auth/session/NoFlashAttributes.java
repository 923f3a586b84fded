package com.defernowork.gateway.auth.session;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.servlet.FlashMap;
import org.springframework.web.servlet.FlashMapManager;

/**
 * No flash attributes, which no page here uses: Spring MVC's own manager looks the
 * session up by its cookie at the start of every request the dispatcher serves, the
 * stylesheet's too, which needs no session. With Redis hanging, the stylesheet then
 * waited for the command timeout and was answered 503, and the outage page showed
 * unstyled.
 */
final class NoFlashAttributes implements FlashMapManager {

	@Override
	public FlashMap retrieveAndUpdate(HttpServletRequest request, HttpServletResponse response) {
		return null;
	}

	@Override
	public void saveOutputFlashMap(FlashMap flashMap, HttpServletRequest request, HttpServletResponse response) {
		// a redirect's flash attributes: none are ever set
	}

}
