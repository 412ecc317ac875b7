package io.shophooks.webhook.admin;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The admin UI's language: the browser's by default; {@code ?lang=vi} or
 * {@code ?lang=en} (the switcher in the header) keeps a choice for the session. Only
 * requests to the admin paths are affected, so the host's own locale handling stays.
 */
class AdminLocaleFilter extends OncePerRequestFilter {

	static final String SESSION_ATTRIBUTE = AdminLocaleFilter.class.getName() + ".locale";

	private static final Set<String> SUPPORTED = Set.of("en", "vi");

	private final WebhookAdminRequestMatcher matcher;

	AdminLocaleFilter(WebhookAdminRequestMatcher matcher) {
		this.matcher = matcher;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !this.matcher.screens().matches(request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String lang = request.getParameter("lang");
		if (lang != null && SUPPORTED.contains(lang)) {
			request.getSession().setAttribute(SESSION_ATTRIBUTE, lang);
		}
		HttpSession session = request.getSession(false);
		Object chosen = (session != null) ? session.getAttribute(SESSION_ATTRIBUTE) : null;
		if (chosen == null) {
			chain.doFilter(request, response);
			return;
		}
		Locale locale = Locale.forLanguageTag((String) chosen);
		chain.doFilter(new HttpServletRequestWrapper(request) {

			@Override
			public Locale getLocale() {
				return locale;
			}

			@Override
			public Enumeration<Locale> getLocales() {
				return Collections.enumeration(List.of(locale));
			}

		}, response);
	}

}
