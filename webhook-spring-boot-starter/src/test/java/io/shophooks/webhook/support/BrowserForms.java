package io.shophooks.webhook.support;

import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a browser takes from a page to post a form back over real HTTP: the session
 * cookie and the CSRF token.
 */
public final class BrowserForms {

	private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

	private BrowserForms() {
	}

	/**
	 * The session cookie a response sets, as a {@code Cookie} header value.
	 * @param response the response
	 * @return {@code JSESSIONID=...}
	 * @throws IllegalStateException if it sets none
	 */
	public static String sessionCookie(HttpResponse<?> response) {
		return response.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter(cookie -> cookie.startsWith("JSESSIONID="))
			.map(cookie -> cookie.substring(0, cookie.indexOf(';')))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("no session cookie in " + response.headers()));
	}

	/**
	 * The CSRF token of the first form in a page.
	 * @param html the page
	 * @return the token
	 * @throws IllegalStateException if the page has no {@code _csrf} field
	 */
	public static String csrfToken(String html) {
		Matcher token = CSRF_FIELD.matcher(html);
		if (!token.find()) {
			throw new IllegalStateException("no _csrf field in the page");
		}
		return token.group(1);
	}

}
