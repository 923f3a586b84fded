package com.defernowork.gateway.auth.web;

import java.io.IOException;
import java.util.Set;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * A method no page takes (PUT, DELETE, PATCH, …) sent to a page gets the 405 its
 * controller would give, ahead of the CSRF check: Tomcat reads no form of such a request,
 * so its CSRF token would always be "missing", a refusal that misleads.
 */
@Component
public final class PageMethods {

	/** The methods of a page's links and forms: these go through the chain unasked. */
	private static final Set<String> PAGE_METHODS = Set.of("GET", "HEAD", "POST", "OPTIONS");

	private final ObjectProvider<HandlerMapping> controllers;

	private final ObjectProvider<HandlerExceptionResolver> errors;

	PageMethods(@Qualifier("requestMappingHandlerMapping") ObjectProvider<HandlerMapping> controllers,
			@Qualifier("handlerExceptionResolver") ObjectProvider<HandlerExceptionResolver> errors) {
		this.controllers = controllers;
		this.errors = errors;
	}

	/** The filter for a page chain, to run before its CSRF check. */
	public Filter filter() {
		return new OncePerRequestFilter() {

			@Override
			protected boolean shouldNotFilter(HttpServletRequest request) {
				return PAGE_METHODS.contains(request.getMethod());
			}

			@Override
			protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
					throws ServletException, IOException {
				HttpRequestMethodNotSupportedException refused = refusal(request);
				if (refused == null) {
					chain.doFilter(request, response);
				}
				else if (PageMethods.this.errors.getObject()
					.resolveException(request, response, null, refused) == null) {
					response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
				}
			}

		};
	}

	/** The controllers' answer to this method at this path, if it is a 405. */
	private HttpRequestMethodNotSupportedException refusal(HttpServletRequest request) {
		boolean parsed = ServletRequestPathUtils.hasParsedRequestPath(request);
		if (!parsed) {
			ServletRequestPathUtils.parseAndCache(request);
		}
		try {
			this.controllers.getObject().getHandler(request);
			return null;
		}
		catch (HttpRequestMethodNotSupportedException ex) {
			return ex;
		}
		catch (Exception ex) {
			// another mismatch (a media type) or none: for the chain and the controller
			return null;
		}
		finally {
			if (!parsed) {
				ServletRequestPathUtils.clearParsedRequestPath(request);
			}
		}
	}

}
