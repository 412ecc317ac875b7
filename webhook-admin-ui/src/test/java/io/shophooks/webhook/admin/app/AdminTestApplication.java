package io.shophooks.webhook.admin.app;

import java.math.BigDecimal;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import io.shophooks.webhook.WebhookEvent;

/**
 * A host application for the admin UI tests: two users and one event type.
 */
@SpringBootApplication
public class AdminTestApplication {

	public static final String ADMIN = "owner";

	public static final String CLERK = "clerk";

	public static final String PASSWORD = "password";

	@Bean
	UserDetailsService users() {
		return new InMemoryUserDetailsManager(
				User.withUsername(ADMIN).password("{noop}" + PASSWORD).roles("WEBHOOK_ADMIN").build(),
				User.withUsername(CLERK).password("{noop}" + PASSWORD).roles("CLERK").build());
	}

	@WebhookEvent(value = "order.approved", description = "An order was approved")
	public record OrderApproved(String orderId, BigDecimal total) {
	}

}
