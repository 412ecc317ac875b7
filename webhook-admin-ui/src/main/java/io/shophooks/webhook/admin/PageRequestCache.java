package io.shophooks.webhook.admin;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;

/**
 * Remembers the page a person asked for before logging in, to open it afterwards exactly
 * as asked (without the {@code ?continue} Spring Security adds by default), and only
 * pages: a browser's own requests for an icon, a style sheet or a script are not
 * remembered, nor requests for JSON or from scripts, so a login never lands on
 * {@code /favicon.ico}. For the admin's chain and a host's.
 */
public final class PageRequestCache {

	private PageRequestCache() {
	}

	/**
	 * The request cache.
	 * @return a cache of page requests only
	 */
	public static RequestCache forPages() {
		HttpSessionRequestCache cache = new HttpSessionRequestCache();
		cache.setMatchingRequestParameterName(null);
		cache.setRequestMatcher(PageRequestCache::isPage);
		return cache;
	}

	static boolean isPage(HttpServletRequest request) {
		if (!"GET".equals(request.getMethod()) || "XMLHttpRequest".equals(request.getHeader("X-Requested-With"))) {
			return false;
		}
		String path = request.getRequestURI();
		int dot = path.lastIndexOf('.');
		if (dot > path.lastIndexOf('/')) {
			// a file: favicon.ico, a .css, .js, .png
			return false;
		}
		String accept = request.getHeader("Accept");
		return accept == null || accept.contains("text/html") || accept.contains("*/*") && !accept.contains("json");
	}

}
