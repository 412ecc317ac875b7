package io.shophooks.webhook.admin;

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

}
