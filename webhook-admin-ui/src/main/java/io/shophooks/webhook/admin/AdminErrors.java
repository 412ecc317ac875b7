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
 * A readable page, not a stack trace, when a screen asks for something that is gone or
 * sends a parameter it cannot read.
 */
@ControllerAdvice(assignableTypes = { DashboardController.class, EndpointController.class,
		DeliveryController.class, EventTypeController.class })
public class AdminErrors {

	private final WebhookAdminProperties properties;

	public AdminErrors(WebhookAdminProperties properties) {
		this.properties = properties;
	}

	/** A parameter that is missing or cannot be read (an id that is not a number, a bad date). */
	@ExceptionHandler({ org.springframework.web.method.annotation.MethodArgumentTypeMismatchException.class,
			org.springframework.web.bind.MissingServletRequestParameterException.class })
	@ResponseStatus(HttpStatus.BAD_REQUEST)
	String badRequest(Exception ex, Model model) {
		String parameter = (ex instanceof org.springframework.web.method.annotation.MethodArgumentTypeMismatchException mismatch)
				? mismatch.getName()
				: ((org.springframework.web.bind.MissingServletRequestParameterException) ex).getParameterName();
		model.addAttribute("adminPath", WebhookAdminRequestMatcher.trim(this.properties.getPath()));
		model.addAttribute("parameter", parameter);
		return "shophooks/bad-request";
	}

	/** A value the engine refuses (a time outside the calendar it stores, an oversized filter). */
	@ExceptionHandler(io.shophooks.webhook.InvalidWebhookException.class)
	@ResponseStatus(HttpStatus.BAD_REQUEST)
	String invalid(io.shophooks.webhook.InvalidWebhookException ex, Model model) {
		model.addAttribute("adminPath", WebhookAdminRequestMatcher.trim(this.properties.getPath()));
		model.addAttribute("parameter", ex.getField());
		model.addAttribute("detail", ex.getMessage());
		return "shophooks/bad-request";
	}

	@ExceptionHandler(EndpointNotFoundException.class)
	@ResponseStatus(HttpStatus.NOT_FOUND)
	String notFound(EndpointNotFoundException ex, Model model) {
		model.addAttribute("adminPath", WebhookAdminRequestMatcher.trim(this.properties.getPath()));
		return "shophooks/not-found";
	}

}
