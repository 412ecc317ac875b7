package io.shophooks.webhook.admin.dashboard;

import java.time.Duration;
import java.time.Instant;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;

import io.shophooks.webhook.admin.AdminPage;
import io.shophooks.webhook.admin.WebhookAdminProperties;
import io.shophooks.webhook.delivery.DeliveryService;
import io.shophooks.webhook.endpoint.EndpointService;

/**
 * The dashboard: the last 24 hours of deliveries, latency, backlog and disabled
 * endpoints.
 */
@Controller
@RequestMapping("${shophooks.webhook.admin.path:/admin/webhooks}")
public class DashboardController extends AdminPage {

	private final DeliveryService deliveries;

	private final EndpointService endpoints;

	public DashboardController(WebhookAdminProperties properties, DeliveryService deliveries,
			EndpointService endpoints) {
		super(properties);
		this.deliveries = deliveries;
		this.endpoints = endpoints;
	}

	@GetMapping({ "", "/" })
	String dashboard(Model model) {
		Instant now = Instant.now();
		model.addAttribute("summary",
				DeliveryCharts.summarize(this.deliveries.attemptSamples(now.minus(Duration.ofHours(24)), 200_000), now));
		model.addAttribute("backlog", this.deliveries.backlog());
		model.addAttribute("disabled", this.endpoints.list().stream().filter(e -> !e.enabled()).toList());
		model.addAttribute("endpointCount", this.endpoints.list().size());
		model.addAttribute("counts", this.deliveries.countByStatus(null));
		return "shophooks/dashboard";
	}

}
