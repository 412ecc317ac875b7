package io.shophooks.webhook.admin.hosts.oauth;

import java.util.List;

import javax.crypto.spec.SecretKeySpec;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;

import io.shophooks.webhook.admin.WebhookAdminRequestMatcher;

/**
 * A host whose API clients send OAuth2 bearer tokens (a JWT with a {@code roles} claim).
 * It turns the admin's own chain off ({@code shophooks.webhook.admin.security-enabled=false})
 * and protects the admin's API with its own chain: stateless, bearer tokens only, the
 * claim's roles mapped to {@code ROLE_*} authorities.
 */
@SpringBootApplication
public class BearerTokenHostApplication {

	/** The key the test's token issuer signs with (HS256). */
	public static final byte[] KEY = "a-test-signing-key-of-32-bytes!!".getBytes();

	@Bean
	JwtDecoder jwtDecoder() {
		return NimbusJwtDecoder.withSecretKey(new SecretKeySpec(KEY, "HmacSHA256")).build();
	}

	@Bean
	@Order(10)
	SecurityFilterChain webhookApi(HttpSecurity http, WebhookAdminRequestMatcher admin) throws Exception {
		JwtAuthenticationConverter roles = new JwtAuthenticationConverter();
		roles.setJwtGrantedAuthoritiesConverter(jwt -> {
			List<String> claim = jwt.getClaimAsStringList("roles");
			return (claim != null) ? claim.stream().map(role -> new SimpleGrantedAuthority("ROLE_" + role))
				.map(authority -> (org.springframework.security.core.GrantedAuthority) authority)
				.toList() : List.of();
		});
		http.securityMatcher(admin.api())
			.authorizeHttpRequests(requests -> requests.anyRequest().hasRole("WEBHOOK_ADMIN"))
			.oauth2ResourceServer(oauth -> oauth.jwt(jwt -> jwt.jwtAuthenticationConverter(roles)))
			.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			// a bearer token is sent by the client's code, never by a browser on its own: no CSRF to guard against
			.csrf(csrf -> csrf.disable());
		return http.build();
	}

	@Bean
	@Order(20)
	SecurityFilterChain everythingElse(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests(requests -> requests.anyRequest().denyAll());
		return http.build();
	}

}
