package io.shophooks.webhook.admin;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The rules for API requests that carry HTTP Basic credentials, for the admin's chain and
 * for a host that writes its own. Such a request is authenticated by its header alone,
 * never by a session it also carries (so a wrong password is refused even next to a
 * logged-in session), and CSRF protection is skipped only when it carries no session at
 * all: then nothing but its own credentials can authenticate it, which a forged
 * cross-site request cannot supply.
 */
public final class HeaderAuthentication {

	private HeaderAuthentication() {
	}

	/**
	 * Requests CSRF protection may skip: Basic credentials, no session.
	 * @param paths the paths this applies to (the API)
	 * @return the matcher to pass to {@code csrf.ignoringRequestMatchers}
	 */
	public static RequestMatcher csrfExempt(RequestMatcher paths) {
		return request -> paths.matches(request) && hasBasicCredentials(request)
				&& request.getRequestedSessionId() == null && request.getSession(false) == null;
	}

	/**
	 * A filter, to add before {@code BasicAuthenticationFilter}, that forgets any session's
	 * authentication for a request with Basic credentials, so that they are checked.
	 * @return the filter
	 */
	public static OncePerRequestFilter headerOnly() {
		return new OncePerRequestFilter() {

			private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

			@Override
			protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
					throws ServletException, IOException {
				if (hasBasicCredentials(request)) {
					this.contexts.setContext(this.contexts.createEmptyContext());
				}
				chain.doFilter(request, response);
			}

		};
	}

	static boolean hasBasicCredentials(HttpServletRequest request) {
		String authorization = request.getHeader("Authorization");
		return authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6);
	}

}
