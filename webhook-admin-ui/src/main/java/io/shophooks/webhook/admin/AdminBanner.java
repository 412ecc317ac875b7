package io.shophooks.webhook.admin;

import java.util.List;

import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import io.shophooks.webhook.Internal;
import io.shophooks.webhook.admin.dashboard.DashboardController;
import io.shophooks.webhook.admin.delivery.DeliveryController;
import io.shophooks.webhook.admin.endpoint.EndpointController;
import io.shophooks.webhook.admin.eventtype.EventTypeController;
import io.shophooks.webhook.deliveries.PauseControl;
import io.shophooks.webhook.endpoint.Endpoint;
import io.shophooks.webhook.endpoint.EndpointService;

/**
 * What every admin screen shows at the top: endpoints that need the owner (failing,
 * secrets unreadable, disabled by ShopHooks), and whether delivery is paused.
 */
@ControllerAdvice(assignableTypes = { DashboardController.class, EndpointController.class,
		DeliveryController.class, EventTypeController.class })
@Internal
public class AdminBanner {

	private final EndpointService endpoints;

	private final PauseControl pause;

	public AdminBanner(EndpointService endpoints, PauseControl pause) {
		this.endpoints = endpoints;
		this.pause = pause;
	}

	/** The endpoints as this request read them, for the page too: read once per request. */
	static final String ENDPOINTS = "shophooksEndpoints";

	@ModelAttribute
	void disabledEndpoints(Model model) {
		List<Endpoint> all = this.endpoints.list();
		model.addAttribute(ENDPOINTS, all);
		// an alarm only for what needs the owner: failing, unreadable secrets, or switched off
		// by ShopHooks; an endpoint the owner switched off is simply off
		model.addAttribute("bannerAttention", all.stream().filter(Endpoint::needsAttention).toList());
	}

	/**
	 * The endpoints this request already read for the banner, or read now.
	 * @param model the request's model
	 * @param endpoints where to read them otherwise
	 * @return every endpoint
	 */
	@SuppressWarnings("unchecked")
	public static List<Endpoint> endpoints(Model model, EndpointService endpoints) {
		Object read = model.getAttribute(ENDPOINTS);
		return (read instanceof List<?> list) ? (List<Endpoint>) list : endpoints.list();
	}

	@ModelAttribute("bannerPaused")
	boolean paused() {
		return this.pause.isPaused();
	}

}
