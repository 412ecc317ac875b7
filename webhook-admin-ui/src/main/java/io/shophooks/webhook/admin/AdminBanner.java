package io.shophooks.webhook.admin;

import java.util.List;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import io.shophooks.webhook.admin.dashboard.DashboardController;
import io.shophooks.webhook.admin.delivery.DeliveryController;
import io.shophooks.webhook.admin.endpoint.EndpointController;
import io.shophooks.webhook.admin.eventtype.EventTypeController;
import io.shophooks.webhook.delivery.PauseControl;
import io.shophooks.webhook.endpoint.Endpoint;
import io.shophooks.webhook.endpoint.EndpointService;

/**
 * What every admin screen shows at the top: endpoints that were disabled, and whether
 * delivery is paused.
 */
@ControllerAdvice(assignableTypes = { DashboardController.class, EndpointController.class,
		DeliveryController.class, EventTypeController.class })
public class AdminBanner {

	private final EndpointService endpoints;

	private final PauseControl pause;

	public AdminBanner(EndpointService endpoints, PauseControl pause) {
		this.endpoints = endpoints;
		this.pause = pause;
	}

	@ModelAttribute("bannerDisabled")
	List<Endpoint> disabledEndpoints() {
		return this.endpoints.list().stream().filter(e -> !e.enabled()).toList();
	}

	@ModelAttribute("bannerPaused")
	boolean paused() {
		return this.pause.isPaused();
	}

}
