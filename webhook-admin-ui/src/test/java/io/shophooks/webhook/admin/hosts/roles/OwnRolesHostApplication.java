package io.shophooks.webhook.admin.hosts.roles;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * A host with form login and roles of its own (MANAGER, CLERK) and its own chain for its
 * pages. It grants the admin UI to its managers with a role hierarchy:
 * {@code ROLE_MANAGER > ROLE_WEBHOOK_ADMIN}.
 */
@SpringBootApplication
public class OwnRolesHostApplication {

	@Bean
	UserDetailsService users() {
		return new InMemoryUserDetailsManager(User.withUsername("maria").password("{noop}maria-pass").roles("MANAGER").build(),
				User.withUsername("carl").password("{noop}carl-pass").roles("CLERK").build());
	}

	/** The host's roles, mapped onto the admin's: a manager is a webhook admin. */
	@Bean
	static RoleHierarchy roleHierarchy() {
		return RoleHierarchyImpl.fromHierarchy("ROLE_MANAGER > ROLE_WEBHOOK_ADMIN");
	}

	/** The host's own chain for everything but the admin's paths (the admin's chain comes first). */
	@Bean
	@Order(100)
	SecurityFilterChain hostChain(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests(requests -> requests.anyRequest().hasAnyRole("MANAGER", "CLERK"))
			.formLogin(Customizer.withDefaults())
			.httpBasic(Customizer.withDefaults());
		return http.build();
	}

}
