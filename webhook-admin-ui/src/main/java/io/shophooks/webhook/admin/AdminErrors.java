package io.shophooks.webhook.admin;

import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;

import io.shophooks.webhook.admin.dashboard.DashboardController;
import io.shophooks.webhook.admin.delivery.DeliveryController;
import io.shophooks.webhook.admin.endpoint.EndpointController;
import io.shophooks.webhook.admin.eventtype.EventTypeController;
import io.shophooks.webhook.endpoint.EndpointNotFoundException;

/**
 * A readable page, not a stack trace, when a screen asks for something that is gone.
 */
@ControllerAdvice(assignableTypes = { DashboardController.class, EndpointController.class,
		DeliveryController.class, EventTypeController.class })
public class AdminErrors {

	private final WebhookAdminProperties properties;

	public AdminErrors(WebhookAdminProperties properties) {
		this.properties = properties;
	}

	@ExceptionHandler(EndpointNotFoundException.class)
	@ResponseStatus(HttpStatus.NOT_FOUND)
	String notFound(EndpointNotFoundException ex, Model model) {
		model.addAttribute("adminPath", WebhookAdminRequestMatcher.trim(this.properties.getPath()));
		return "shophooks/not-found";
	}

}
