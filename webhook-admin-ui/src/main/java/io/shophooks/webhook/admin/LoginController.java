package io.shophooks.webhook.admin;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;

import io.shophooks.webhook.Internal;

/**
 * The admin UI's login page (the form posts to Spring Security).
 */
@Internal
@Controller
@RequestMapping("${shophooks.webhook.admin.path:/admin/webhooks}")
public class LoginController extends AdminPage {

	public LoginController(WebhookAdminProperties properties) {
		super(properties);
	}

	@GetMapping("/login")
	String login() {
		return "shophooks/login";
	}

}
