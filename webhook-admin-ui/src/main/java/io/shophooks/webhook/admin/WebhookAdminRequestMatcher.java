package io.shophooks.webhook.admin;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import static org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher.pathPattern;

/**
 * Matches the admin screens and the management API, for hosts that protect them in
 * their own {@code SecurityFilterChain} ({@code shophooks.webhook.admin.security-enabled=false}).
 */
public final class WebhookAdminRequestMatcher implements RequestMatcher {

	private final RequestMatcher screens;

	private final RequestMatcher api;

	public WebhookAdminRequestMatcher(WebhookAdminProperties properties) {
		this.screens = pathPattern(trim(properties.getPath()) + "/**");
		this.api = pathPattern(trim(properties.getApiPath()) + "/**");
	}

	@Override
	public boolean matches(HttpServletRequest request) {
		return this.screens.matches(request) || this.api.matches(request);
	}

	/**
	 * The management API alone.
	 * @return a matcher for the API paths
	 */
	public RequestMatcher api() {
		return this.api;
	}

	/**
	 * The screens alone.
	 * @return a matcher for the screen paths
	 */
	public RequestMatcher screens() {
		return this.screens;
	}

	RequestMatcher both() {
		return new OrRequestMatcher(this.screens, this.api);
	}

	static String trim(String path) {
		return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
	}

}
