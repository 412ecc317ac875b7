package io.shophooks.webhook.admin;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The admin's own pages for "not allowed" and "not found", in its layout and the user's
 * language, with a way back: {@code denied} is where the admin's security sends a user
 * without the role, and any admin address that names no screen is answered here with 404
 * (the assets keep their own handler).
 */
@Controller
@RequestMapping("${shophooks.webhook.admin.path:/admin/webhooks}")
class AdminErrorPages {

	static final String DENIED = "/denied";

	private final WebhookAdminProperties properties;

	AdminErrorPages(WebhookAdminProperties properties) {
		this.properties = properties;
	}

	@RequestMapping(DENIED)
	String denied(Model model, HttpServletResponse response) {
		return page(403, model, response);
	}

	@RequestMapping({ "/{first:^(?!assets$).+}", "/{first:^(?!assets$).+}/**" })
	String notFound(Model model, HttpServletResponse response) {
		return page(404, model, response);
	}

	String page(int status, Model model, HttpServletResponse response) {
		return page(status, null, model, response, this.properties);
	}

	static String page(int status, String reference, Model model, HttpServletResponse response,
			WebhookAdminProperties properties) {
		response.setStatus(status);
		model.addAttribute("status", status);
		model.addAttribute("reference", reference);
		model.addAttribute("adminPath", WebhookAdminRequestMatcher.trim(properties.getPath()));
		return "shophooks/error";
	}

}
