package io.shophooks.sample.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.util.matcher.RequestMatcher;

import io.shophooks.sample.ShopProperties;
import io.shophooks.webhook.admin.HeaderAuthentication;
import io.shophooks.webhook.admin.LoginThrottle;
import io.shophooks.webhook.admin.PageRequestCache;

import static org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher.pathPattern;

/**
 * The shop's own security. The webhook admin brings its own chain for its paths; this
 * one covers the shop: pages with form login, the JSON API with HTTP Basic, and the
 * partner inbox's receiving URL open like any webhook receiver.
 */
@Configuration(proxyBeanMethods = false)
class ShopSecurity {

	@Bean
	UserDetailsService users(ShopProperties properties) {
		return new InMemoryUserDetailsManager(
				User.withUsername(properties.getOwner().getUsername())
					.password("{noop}" + properties.getOwner().getPassword())
					.roles("SHOP", "WEBHOOK_ADMIN")
					.build(),
				User.withUsername(properties.getClerk().getUsername())
					.password("{noop}" + properties.getClerk().getPassword())
					.roles("SHOP")
					.build());
	}

	/**
	 * The partner inbox receives webhooks like an external system would: its own checks
	 * (signature, Basic, token) decide, so the shop's login must not touch the request,
	 * not even its Basic credentials.
	 */
	@Bean
	@Order(10)
	SecurityFilterChain partnerInboxReceiver(HttpSecurity http) throws Exception {
		http.securityMatcher(pathPattern(HttpMethod.POST, "/partner/inbox"))
			.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
			.csrf(csrf -> csrf.disable())
			.requestCache(cache -> cache.disable())
			.securityContext(context -> context.disable())
			.sessionManagement(session -> session.disable());
		return http.build();
	}

	@Bean
	@Order(100)
	SecurityFilterChain shopSecurityFilterChain(HttpSecurity http, LoginThrottle throttle) throws Exception {
		RequestMatcher inbox = pathPattern(HttpMethod.POST, "/partner/inbox");
		RequestMatcher api = request -> request.getRequestURI().startsWith(request.getContextPath() + "/api/");
		http.authorizeHttpRequests(requests -> requests.requestMatchers(inbox)
			.permitAll()
			.requestMatchers("/error", "/login", "/actuator/health", "/actuator/health/**")
			.permitAll()
			.anyRequest()
			.hasRole("SHOP"))
			// the shop's own login page, in its layout; after it, the page first asked for (or the shop)
			.formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/", false).permitAll())
			.requestCache(cache -> cache.requestCache(PageRequestCache.forPages()))
			.httpBasic(Customizer.withDefaults())
			// CSRF is skipped only where Basic alone can authenticate: no session (see HeaderAuthentication)
			.csrf(csrf -> csrf.ignoringRequestMatchers(inbox, HeaderAuthentication.csrfExempt(api)))
			.addFilterBefore(HeaderAuthentication.headerOnly(), BasicAuthenticationFilter.class)
			// the admin's throttle counts every failed login, the shop's and the admin's alike
			.addFilterBefore(throttle.filter(pathPattern(HttpMethod.POST, "/login"), "/login"),
					UsernamePasswordAuthenticationFilter.class)
			.headers(headers -> headers
				.contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'self'; script-src 'self'; "
						+ "style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; "
						+ "form-action 'self'; frame-ancestors 'none'"))
				.referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN)));
		return http.build();
	}

}
