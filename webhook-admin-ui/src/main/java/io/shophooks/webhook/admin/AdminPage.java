package io.shophooks.webhook.admin;

import org.springframework.web.bind.annotation.ModelAttribute;

import io.shophooks.webhook.Internal;

/**
 * What every admin screen needs in its model: where the admin UI is mounted.
 */
@Internal
public abstract class AdminPage {

	private final WebhookAdminProperties properties;

	protected AdminPage(WebhookAdminProperties properties) {
		this.properties = properties;
	}

	@ModelAttribute("adminPath")
	public String adminPath() {
		return WebhookAdminRequestMatcher.trim(this.properties.getPath());
	}

	protected String redirect(String relative) {
		return "redirect:" + adminPath() + relative;
	}

}
