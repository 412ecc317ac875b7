package io.shophooks.webhook.admin.dashboard;

import java.time.Duration;
import java.time.Instant;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.shophooks.webhook.admin.AdminPage;
import io.shophooks.webhook.admin.WebhookAdminProperties;
import io.shophooks.webhook.delivery.DeliveryService;
import io.shophooks.webhook.delivery.PauseControl;
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

	private final PauseControl pause;

	public DashboardController(WebhookAdminProperties properties, DeliveryService deliveries,
			EndpointService endpoints, PauseControl pause) {
		super(properties);
		this.deliveries = deliveries;
		this.endpoints = endpoints;
		this.pause = pause;
	}

	@PostMapping("/pause")
	String pause(RedirectAttributes redirect) {
		this.pause.pause();
		redirect.addFlashAttribute("message", "shophooks.dashboard.pausedMessage");
		return redirect("");
	}

	@PostMapping("/resume")
	String resume(RedirectAttributes redirect) {
		this.pause.resume();
		redirect.addFlashAttribute("message", "shophooks.dashboard.resumedMessage");
		return redirect("");
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
		model.addAttribute("pausedByProperty", this.pause.isPausedByProperty());
		return "shophooks/dashboard";
	}

}
