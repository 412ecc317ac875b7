package io.shophooks.webhook.support;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * Sends one write over real HTTP in every combination of a logged-in browser session (or
 * none), an {@code Authorization} header (none, right Basic, wrong password, a user
 * without the role, a made-up Bearer token) and a CSRF token (or none), and reports the
 * combinations whose answer or effect differs from the rule: a write goes through with the
 * session and its CSRF token, or with right Basic credentials and no session; everything
 * else is refused with a 4xx and changes nothing.
 */
public final class CsrfMatrix {

	private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

	private final String base;

	/**
	 * @param base the application's root URL, e.g. {@code http://localhost:8080}
	 */
	public CsrfMatrix(String base) {
		this.base = base;
	}

	/** An {@code Authorization} header a request may carry. */
	public enum Header {

		NONE, BASIC_RIGHT, BASIC_WRONG_PASSWORD, BASIC_WITHOUT_ROLE, BEARER_MADE_UP

	}

	/** One combination. */
	public record Case(boolean session, Header header, boolean csrfToken) {

		/** The rule: the session with its CSRF token, or right Basic credentials without a session. */
		public boolean allowed() {
			if (!this.session) {
				return this.header == Header.BASIC_RIGHT;
			}
			return this.csrfToken && this.header != Header.BASIC_WITHOUT_ROLE
					&& this.header != Header.BASIC_WRONG_PASSWORD;
		}

	}

	/** The user, the form login and a page that holds a CSRF token for the session. */
	public record Login(String loginPath, String username, String password, String pagePath, String userWithoutRole,
			String passwordWithoutRole) {
	}

	/**
	 * Run every combination.
	 * @param login how to log in
	 * @param method the write's method
	 * @param path the write's path
	 * @param json the write's JSON body, or {@code null}
	 * @param state reads what the write changes (compared before and after)
	 * @return the combinations that broke the rule, with their answers
	 */
	public List<String> violations(Login login, String method, String path, String json, Callable<Object> state)
			throws Exception {
		String[] browser = logIn(login);
		List<String> wrong = new ArrayList<>();
		for (boolean session : new boolean[] { false, true }) {
			for (Header header : Header.values()) {
				for (boolean csrfToken : new boolean[] { false, true }) {
					Case test = new Case(session, header, csrfToken);
					Object before = state.call();
					HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
						.method(method, (json != null) ? HttpRequest.BodyPublishers.ofString(json)
								: HttpRequest.BodyPublishers.noBody());
					if (json != null) {
						request.header("Content-Type", "application/json");
					}
					if (session) {
						request.header("Cookie", browser[0]);
					}
					String authorization = switch (header) {
						case NONE -> null;
						case BASIC_RIGHT -> basic(login.username(), login.password());
						case BASIC_WRONG_PASSWORD -> basic(login.username(), login.password() + "-wrong");
						case BASIC_WITHOUT_ROLE -> basic(login.userWithoutRole(), login.passwordWithoutRole());
						case BEARER_MADE_UP -> "Bearer 3f9a0c";
					};
					if (authorization != null) {
						request.header("Authorization", authorization);
					}
					if (csrfToken) {
						request.header("X-CSRF-TOKEN", browser[1]);
					}
					int status = this.http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
					boolean changed = !Objects.equals(before, state.call());
					boolean succeeded = status >= 200 && status < 300;
					if (succeeded != test.allowed() || changed != test.allowed() || (!succeeded && status < 400)) {
						wrong.add(test + " answered " + status + (changed ? ", changed" : ", changed nothing"));
					}
				}
			}
		}
		return wrong;
	}

	/** Log in with the form, as a browser does; the session cookie and a CSRF token of a page. */
	private String[] logIn(Login login) throws Exception {
		HttpResponse<String> loginPage = this.http.send(
				HttpRequest.newBuilder(URI.create(this.base + login.loginPath())).build(),
				HttpResponse.BodyHandlers.ofString());
		String form = "username=" + enc(login.username()) + "&password=" + enc(login.password()) + "&_csrf="
				+ enc(BrowserForms.csrfToken(loginPage.body()));
		HttpResponse<String> loggedIn = this.http.send(HttpRequest.newBuilder(URI.create(this.base + login.loginPath()))
			.header("Cookie", BrowserForms.sessionCookie(loginPage))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build(), HttpResponse.BodyHandlers.ofString());
		if (loggedIn.statusCode() != 302 || loggedIn.headers().firstValue("Location").orElse("").contains("error")) {
			throw new IllegalStateException("Login failed: " + loggedIn.statusCode() + " " + loggedIn.headers());
		}
		String cookie = BrowserForms.sessionCookie(loggedIn);
		HttpResponse<String> page = this.http.send(
				HttpRequest.newBuilder(URI.create(this.base + login.pagePath())).header("Cookie", cookie).build(),
				HttpResponse.BodyHandlers.ofString());
		if (page.statusCode() != 200) {
			throw new IllegalStateException(login.pagePath() + " answered " + page.statusCode());
		}
		return new String[] { cookie, BrowserForms.csrfToken(page.body()) };
	}

	private static String enc(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

}
