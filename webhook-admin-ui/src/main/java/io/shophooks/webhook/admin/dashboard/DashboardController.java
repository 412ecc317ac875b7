package io.shophooks.webhook.admin.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.shophooks.webhook.Internal;
import io.shophooks.webhook.admin.AdminPage;
import io.shophooks.webhook.admin.WebhookAdminProperties;
import io.shophooks.webhook.deliveries.DeliveryService;
import io.shophooks.webhook.deliveries.PauseControl;
import io.shophooks.webhook.endpoint.EndpointService;

/**
 * The dashboard: the last 24 hours of deliveries, latency, backlog and disabled
 * endpoints.
 */
@Internal
@Controller
@RequestMapping("${shophooks.webhook.admin.path:/admin/webhooks}")
public class DashboardController extends AdminPage {

	private final DeliveryService deliveries;

	private final EndpointService endpoints;

	private final PauseControl pause;

	private final io.shophooks.webhook.deliveries.DeliveryFigures figures;

	private final org.springframework.context.MessageSource messages;

	private final Clock clock;

	public DashboardController(WebhookAdminProperties properties, DeliveryService deliveries,
			EndpointService endpoints, PauseControl pause, io.shophooks.webhook.deliveries.DeliveryFigures figures,
			org.springframework.context.MessageSource messages, Clock clock) {
		super(properties);
		this.clock = clock;
		this.figures = figures;
		this.messages = messages;
		this.deliveries = deliveries;
		this.endpoints = endpoints;
		this.pause = pause;
	}

	@PostMapping("/pause")
	String pause(@org.springframework.web.bind.annotation.RequestParam(required = false) String confirm,
			RedirectAttributes redirect) {
		// every instance stops: only with the owner's explicit yes, not a stray click
		if (!"yes".equals(confirm)) {
			redirect.addFlashAttribute("message", "shophooks.dashboard.pauseNotConfirmed");
			return redirect("");
		}
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
	String dashboard(Model model, Locale locale) {
		// 24 hours that end at the next whole minute, so every bucket starts on a whole minute
		Instant end = this.clock.instant().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
		Instant start = end.minus(Duration.ofHours(24));
		DeliveryCharts.Labels labels = new DeliveryCharts.Labels(text("shophooks.chart.attemptsAxis", locale),
				text("shophooks.chart.latencyAxis", locale), text("shophooks.status.DELIVERED", locale),
				text("shophooks.chart.failed", locale), text("shophooks.chart.p50", locale),
				text("shophooks.chart.p95", locale));
		io.shophooks.webhook.deliveries.DeliveryFigures.Summary figures = this.figures.summary(start,
				Duration.ofMinutes(10), Duration.ofHours(1));
		model.addAttribute("summary",
				DeliveryCharts.summarize(end, figures.counts(), figures.latencies(), figures.overall(), labels));
		model.addAttribute("backlog", this.deliveries.backlog());
		List<io.shophooks.webhook.endpoint.Endpoint> all = io.shophooks.webhook.admin.AdminBanner.endpoints(model,
				this.endpoints);
		model.addAttribute("disabled", all.stream().filter(e -> !e.enabled()).toList());
		model.addAttribute("failing", all.stream().filter(e -> e.enabled() && e.failingSince() != null).toList());
		java.util.Map<Long, Long> waiting = this.deliveries.waitingToRetry();
		model.addAttribute("waiting", waiting);
		model.addAttribute("waitingTotal", waiting.values().stream().mapToLong(Long::longValue).sum());
		model.addAttribute("endpointCount", all.size());
		model.addAttribute("pausedByProperty", this.pause.isPausedByProperty());
		return "shophooks/dashboard";
	}

	private String text(String key, Locale locale) {
		return this.messages.getMessage(key, null, key, locale);
	}

}
