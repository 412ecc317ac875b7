package io.shophooks.webhook.admin;

import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.server.ResponseStatusException;

import io.shophooks.webhook.Internal;
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
		DeliveryController.class, EventTypeController.class, AdminErrorPages.class })
@Internal
public class AdminErrors {

	private static final org.apache.commons.logging.Log logger = org.apache.commons.logging.LogFactory
		.getLog(AdminErrors.class);

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
	String notFound(EndpointNotFoundException ex, Model model, HttpServletResponse response) {
		return AdminErrorPages.page(404, null, model, response, this.properties);
	}

	/** A delivery or page that is not there (404), or another refusal with its status. */
	@ExceptionHandler(ResponseStatusException.class)
	String status(ResponseStatusException ex, Model model, HttpServletResponse response) {
		if (ex.getStatusCode().value() == 404 || ex.getStatusCode().value() == 403) {
			return AdminErrorPages.page(ex.getStatusCode().value(), null, model, response, this.properties);
		}
		response.setStatus(ex.getStatusCode().value());
		model.addAttribute("adminPath", WebhookAdminRequestMatcher.trim(this.properties.getPath()));
		model.addAttribute("parameter", "");
		model.addAttribute("detail", ex.getReason());
		return "shophooks/bad-request";
	}

	/**
	 * Anything else: the admin's 500 page, in its layout and language, with a reference
	 * that is also in the log next to the stack trace.
	 */
	@ExceptionHandler(Exception.class)
	String unexpected(Exception ex, Model model, HttpServletResponse response) {
		String reference = UUID.randomUUID().toString().substring(0, 8);
		logger.error("Webhook admin page failed (reference " + reference + ")", ex);
		return AdminErrorPages.page(500, reference, model, response, this.properties);
	}

}
