package io.shophooks.webhook.admin;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the ShopHooks admin UI and management API.
 */
@ConfigurationProperties("shophooks.webhook.admin")
public class WebhookAdminProperties {

	/**
	 * Whether the admin screens and the JSON API are served.
	 */
	private boolean enabled = true;

	/**
	 * Path the admin screens are mounted under.
	 */
	private String path = "/admin/webhooks";

	/**
	 * Path the JSON management API is mounted under.
	 */
	private String apiPath = "/api/webhooks";

	/**
	 * Role (without the ROLE_ prefix) a user needs for the screens and the API.
	 */
	private String role = "WEBHOOK_ADMIN";

	/**
	 * Whether the admin UI brings its own security filter chain (form login, HTTP Basic
	 * for the API, CSRF, the role); turn off to protect its paths in your own chain.
	 */
	private boolean securityEnabled = true;

	private final LoginThrottling loginThrottle = new LoginThrottling();

	public LoginThrottling getLoginThrottle() {
		return this.loginThrottle;
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getPath() {
		return this.path;
	}

	public void setPath(String path) {
		this.path = path;
	}

	public String getApiPath() {
		return this.apiPath;
	}

	public void setApiPath(String apiPath) {
		this.apiPath = apiPath;
	}

	public String getRole() {
		return this.role;
	}

	public void setRole(String role) {
		this.role = role;
	}

	public boolean isSecurityEnabled() {
		return this.securityEnabled;
	}

	public void setSecurityEnabled(boolean securityEnabled) {
		this.securityEnabled = securityEnabled;
	}

	/**
	 * Refusing logins after repeated failures.
	 */
	public static class LoginThrottling {

		/**
		 * Failed logins of one user name from one address within the window after which
		 * that address may not try it until the window passes; past it, the name from other
		 * addresses (and an address past four times as many) is slowed to pauses of at most
		 * 30 seconds, never locked.
		 */
		private int maxFailures = 5;

		/**
		 * How long a failed login counts.
		 */
		private Duration window = Duration.ofMinutes(15);

		public int getMaxFailures() {
			return this.maxFailures;
		}

		public void setMaxFailures(int maxFailures) {
			this.maxFailures = maxFailures;
		}

		public Duration getWindow() {
			return this.window;
		}

		public void setWindow(Duration window) {
			this.window = window;
		}

	}

}
