package io.shophooks.webhook.admin;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The admin UI's own filter chain, only for its paths: form login for the screens,
 * HTTP Basic or the same session for the API, CSRF on every write but those Basic
 * authenticated without a session ({@link HeaderAuthentication}), and the admin role. Ordered before the host's chains; the host's default chain stays
 * in place for everything else.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "shophooks.webhook.admin.security-enabled", matchIfMissing = true)
class AdminSecurityConfiguration {

	/** The name of the admin chain; define a bean with this name to replace it. */
	static final String CHAIN = "webhookAdminSecurityFilterChain";

	@Bean(CHAIN)
	@Order(50)
	@ConditionalOnMissingBean(name = CHAIN)
	SecurityFilterChain webhookAdminSecurityFilterChain(HttpSecurity http, WebhookAdminProperties properties,
			WebhookAdminRequestMatcher matcher, LoginThrottle throttle) throws Exception {
		String path = WebhookAdminRequestMatcher.trim(properties.getPath());
		RequestMatcher formLogin = request -> "POST".equals(request.getMethod())
				&& request.getRequestURI().substring(request.getContextPath().length()).equals(path + "/login");
		http.securityMatcher(matcher.both())
			.authorizeHttpRequests(requests -> requests.requestMatchers(request -> {
				String uri = request.getRequestURI().substring(request.getContextPath().length());
				return uri.equals(path + "/login") || uri.startsWith(path + "/assets/")
						|| uri.equals(path + AdminErrorPages.DENIED);
			}).permitAll().anyRequest().hasRole(properties.getRole()))
			.formLogin(form -> form.loginPage(path + "/login").defaultSuccessUrl(path, false).permitAll())
			// after login: the page first asked for, as it was asked for (no "?continue"), or the dashboard
			.requestCache(cache -> cache.requestCache(PageRequestCache.forPages()))
			.logout(logout -> logout.logoutUrl(path + "/logout").logoutSuccessUrl(path + "/login?logout"))
			.httpBasic(basic -> basic.authenticationEntryPoint(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED)))
			// Only Basic credentials with no session can authenticate such a request: no forgery possible.
			.csrf(csrf -> csrf.ignoringRequestMatchers(HeaderAuthentication.csrfExempt(matcher.api())))
			.addFilterBefore(HeaderAuthentication.headerOnly(), BasicAuthenticationFilter.class)
			.addFilterBefore(throttle.filter(formLogin, path + "/login"), UsernamePasswordAuthenticationFilter.class)
			.headers(headers -> AdminSecurityConfiguration.browserHeaders(headers))
			.exceptionHandling(exceptions -> exceptions
				.defaultAuthenticationEntryPointFor(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED), matcher.api())
				.defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint(path + "/login"),
						matcher.screens())
				// a signed-in user without the role gets the admin's own "not allowed" page
				.defaultAccessDeniedHandlerFor(deniedPage(path + AdminErrorPages.DENIED), matcher.screens()));
		return http.build();
	}

	private static org.springframework.security.web.access.AccessDeniedHandler deniedPage(String page) {
		org.springframework.security.web.access.AccessDeniedHandlerImpl handler = new org.springframework.security.web.access.AccessDeniedHandlerImpl();
		handler.setErrorPage(page);
		return handler;
	}

	/**
	 * What a browser is told about the admin pages: no script or style but the admin's own
	 * files (no inline script, no inline handlers), no framing, no referrer sent elsewhere.
	 * @param headers the chain's headers configurer
	 */
	static void browserHeaders(
			org.springframework.security.config.annotation.web.configurers.HeadersConfigurer<HttpSecurity> headers) {
		headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
			.referrerPolicy(referrer -> referrer.policy(
					org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN))
			.frameOptions(frame -> frame.deny());
	}

	/** Scripts and styles only from the admin's own files; nothing inline. */
	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

}
