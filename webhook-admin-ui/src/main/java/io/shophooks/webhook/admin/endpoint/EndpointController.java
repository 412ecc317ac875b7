package io.shophooks.webhook.admin.endpoint;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.shophooks.webhook.Internal;
import io.shophooks.webhook.admin.AdminPage;
import io.shophooks.webhook.admin.WebhookAdminProperties;
import io.shophooks.webhook.capture.EventTypeRegistry;
import io.shophooks.webhook.deliveries.Attempt;
import io.shophooks.webhook.deliveries.DeliveryFilter;
import io.shophooks.webhook.deliveries.DeliveryService;
import io.shophooks.webhook.endpoint.BodyFormat;
import io.shophooks.webhook.endpoint.CreatedEndpoint;
import io.shophooks.webhook.endpoint.Endpoint;
import io.shophooks.webhook.endpoint.EndpointService;
import io.shophooks.webhook.endpoint.InvalidEndpointException;

/**
 * The endpoint screens: list, create, edit, detail, delete, enable and disable, rotate
 * the secret, send a test event, recover failed deliveries.
 */
@Internal
@Controller
@RequestMapping("${shophooks.webhook.admin.path:/admin/webhooks}/endpoints")
public class EndpointController extends AdminPage {

	private static final String FORM = "shophooks/endpoint-form";

	private final EndpointService endpoints;

	private final DeliveryService deliveries;

	private final EventTypeRegistry eventTypes;

	private final io.shophooks.webhook.deliveries.DeliveryFigures figures;

	private final Clock clock;

	private final io.shophooks.webhook.deliveries.PauseControl pause;

	public EndpointController(WebhookAdminProperties properties, EndpointService endpoints,
			DeliveryService deliveries, EventTypeRegistry eventTypes, io.shophooks.webhook.deliveries.DeliveryFigures figures,
			io.shophooks.webhook.deliveries.PauseControl pause, Clock clock) {
		super(properties);
		this.pause = pause;
		this.clock = clock;
		this.figures = figures;
		this.endpoints = endpoints;
		this.deliveries = deliveries;
		this.eventTypes = eventTypes;
	}

	@InitBinder("endpoint")
	void initBinder(WebDataBinder binder) {
		binder.setDisallowedFields("id");
	}

	@ModelAttribute("payloadModes")
	io.shophooks.webhook.endpoint.PayloadMode[] payloadModes() {
		return io.shophooks.webhook.endpoint.PayloadMode.values();
	}

	@ModelAttribute("formats")
	BodyFormat[] formats() {
		return BodyFormat.values();
	}

	@GetMapping
	String list(Model model) {
		List<Endpoint> all = io.shophooks.webhook.admin.AdminBanner.endpoints(model, this.endpoints);
		model.addAttribute("endpoints", all);
		model.addAttribute("health", health());
		return "shophooks/endpoint-list";
	}

	/** Success rate over the last 24 hours and the last result, per endpoint (one SQL aggregate). */
	private Map<Long, EndpointHealth> health() {
		Map<Long, EndpointHealth> health = new HashMap<>();
		for (io.shophooks.webhook.deliveries.DeliveryFigures.EndpointHealth figures : this.figures
			.endpointHealth(this.clock.instant().minus(Duration.ofHours(24)))) {
			health.put(figures.endpointId(),
					new EndpointHealth(Math.round(100.0 * figures.succeeded() / Math.max(1, figures.attempts())),
							(int) figures.attempts(), figures.lastSucceeded(), figures.lastAt()));
		}
		return health;
	}

	@GetMapping("/new")
	String initCreationForm(Model model) {
		model.addAttribute("endpoint", new EndpointForm());
		return form(model, null);
	}

	@PostMapping("/new")
	String processCreationForm(@ModelAttribute("endpoint") EndpointForm form, BindingResult result, Model model,
			RedirectAttributes redirect) {
		requireToken(form, null, result);
		if (result.hasErrors()) {
			return form(model, null);
		}
		try {
			CreatedEndpoint created = this.endpoints.create(form.toDefinition(true));
			redirect.addFlashAttribute("message", "shophooks.endpoint.created");
			redirect.addFlashAttribute("secret", created.secret());
			return redirect("/endpoints/" + created.endpoint().id());
		}
		catch (InvalidEndpointException ex) {
			ex.getErrors().forEach((field, message) -> reject(result, field, message, form));
			return form(model, null);
		}
	}

	@GetMapping("/{id}/edit")
	String initUpdateForm(@PathVariable long id, Model model) {
		Endpoint endpoint = this.endpoints.get(id);
		model.addAttribute("endpoint", EndpointForm.of(endpoint));
		return form(model, endpoint);
	}

	@PostMapping("/{id}/edit")
	String processUpdateForm(@PathVariable long id, @ModelAttribute("endpoint") EndpointForm form,
			BindingResult result, Model model, RedirectAttributes redirect) {
		Endpoint existing = this.endpoints.get(id);
		requireToken(form, existing, result);
		if (result.hasErrors()) {
			return form(model, existing);
		}
		try {
			this.endpoints.update(id, form.toDefinition(false));
			redirect.addFlashAttribute("message", "shophooks.endpoint.updated");
			return redirect("/endpoints/" + id);
		}
		catch (InvalidEndpointException ex) {
			ex.getErrors().forEach((field, message) -> reject(result, field, message, form));
			return form(model, existing);
		}
	}

	/** A ticked "token in the URL" needs a token, unless the endpoint already has one. */
	private static void requireToken(EndpointForm form, @Nullable Endpoint existing, BindingResult result) {
		boolean stored = existing != null && existing.urlTokenParameter() != null;
		if (form.isTokenEnabled() && form.getUrlToken().isEmpty() && !stored) {
			result.rejectValue("urlToken", "shophooks.error.urlTokenMissing", "Enter the token to add to the URL");
		}
	}

	/**
	 * A filter or field-selection error said in the user's language: read again here for
	 * its code and arguments ({@code shophooks.engine.filter.*}, {@code shophooks.engine.fields.*}).
	 */
	private static void reject(BindingResult result, String field, String message, EndpointForm form) {
		io.shophooks.webhook.InvalidWebhookException coded = null;
		try {
			if (field.equals("filter") && !form.getFilter().isBlank()) {
				io.shophooks.webhook.filter.WebhookFilter.parse(form.getFilter().strip());
			}
			else if (field.equals("includeFields")) {
				io.shophooks.webhook.filter.FieldSelection.validate(List.of(form.getIncludeFields().split("[,\\s]+")));
			}
		}
		catch (io.shophooks.webhook.InvalidWebhookException ex) {
			coded = (ex.getCode() != null && message.equals(ex.getMessage())) ? ex : null;
		}
		if (coded != null) {
			result.rejectValue(field, "shophooks.engine." + coded.getCode(), coded.getArguments(), message);
			return;
		}
		reject(result, field, message);
	}

	private static void reject(BindingResult result, String field, String message) {
		String bound = switch (field) {
			case "name", "url", "eventTypes", "urlToken", "urlTokenParameter", "basicUsername", "basicPassword",
					"maxConcurrency", "filter", "includeFields" ->
				field;
			default -> null;
		};
		if (bound != null) {
			// The bundle's shophooks.error.<field> says it in the user's language; the engine's
			// precise message is its argument ({0}), which the English bundle shows as it is.
			result.rejectValue(bound, "shophooks.error." + bound, new Object[] { message }, message);
		}
		else {
			result.reject("shophooks.invalid", message);
		}
	}

	private String form(Model model, Endpoint existing) {
		model.addAttribute("existing", existing);
		model.addAttribute("eventTypes", this.eventTypes.all());
		return FORM;
	}

	@GetMapping("/{id}")
	String show(@PathVariable long id, Model model) {
		Endpoint endpoint = this.endpoints.get(id);
		model.addAttribute("item", endpoint);
		model.addAttribute("deliveries", this.deliveries.list(DeliveryFilter.forEndpoint(id).withLimit(20)));
		model.addAttribute("waiting", this.deliveries.waitingToRetry().getOrDefault(id, 0L));
		model.addAttribute("recoverSince",
				LocalDateTime.now(ZoneOffset.UTC).minusDays(1).truncatedTo(ChronoUnit.MINUTES).toString());
		return "shophooks/endpoint-detail";
	}

	@PostMapping("/{id}/delete")
	String delete(@PathVariable long id, RedirectAttributes redirect) {
		this.endpoints.delete(id);
		redirect.addFlashAttribute("message", "shophooks.endpoint.deleted");
		return redirect("/endpoints");
	}

	@PostMapping("/{id}/send-waiting")
	String sendWaiting(@PathVariable long id, RedirectAttributes redirect) {
		if (!this.endpoints.get(id).enabled()) {
			// nothing can leave for a switched-off endpoint: say so instead of "sent"
			redirect.addFlashAttribute("message", "shophooks.endpoint.sendWaitingOff");
			return redirect("/endpoints/" + id);
		}
		int sending = this.deliveries.sendWaitingNow(id);
		redirect.addFlashAttribute("message",
				this.pause.isPaused() ? "shophooks.endpoint.sendWaitingPaused" : "shophooks.endpoint.sentWaiting");
		redirect.addFlashAttribute("messageArgument", sending);
		return redirect("/endpoints/" + id);
	}

	@PostMapping("/{id}/enable")
	String enable(@PathVariable long id, RedirectAttributes redirect) {
		this.endpoints.enable(id);
		redirect.addFlashAttribute("message", "shophooks.endpoint.enabledMessage");
		return redirect("/endpoints/" + id);
	}

	@PostMapping("/{id}/disable")
	String disable(@PathVariable long id, RedirectAttributes redirect) {
		this.endpoints.disable(id, "Disabled by a store owner");
		redirect.addFlashAttribute("message", "shophooks.endpoint.disabledMessage");
		return redirect("/endpoints/" + id);
	}

	@PostMapping("/{id}/rotate")
	String rotate(@PathVariable long id, @RequestParam(defaultValue = "24") long overlapHours,
			@RequestParam(defaultValue = "false") boolean cutShort, RedirectAttributes redirect) {
		long hours = Math.max(0, Math.min(overlapHours, 24 * 30));
		try {
			redirect.addFlashAttribute("secret", this.endpoints.rotateSecret(id, Duration.ofHours(hours), cutShort));
			redirect.addFlashAttribute("message", "shophooks.endpoint.rotated");
		}
		catch (io.shophooks.webhook.endpoint.SecretStillValidException ex) {
			// warn first: the owner confirms, or waits until the earlier secret's overlap ends
			redirect.addFlashAttribute("rotationConflictUntil", ex.getValidUntil());
			redirect.addFlashAttribute("rotationOverlapHours", hours);
		}
		return redirect("/endpoints/" + id);
	}

	@PostMapping("/{id}/test")
	String test(@PathVariable long id, RedirectAttributes redirect) {
		Attempt attempt;
		try {
			attempt = this.deliveries.sendTestEvent(id);
		}
		catch (io.shophooks.webhook.endpoint.UnreadableSecretException ex) {
			redirect.addFlashAttribute("message", "shophooks.endpoint.test.unreadable");
			return redirect("/endpoints/" + id);
		}
		redirect.addFlashAttribute("testAttempt", attempt);
		redirect.addFlashAttribute("message",
				attempt.succeeded() ? "shophooks.endpoint.test.succeeded" : "shophooks.endpoint.test.failed");
		return redirect("/endpoints/" + id);
	}

	@PostMapping("/{id}/recover")
	String recover(@PathVariable long id,
			@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) LocalDateTime since,
			RedirectAttributes redirect) {
		int count = this.deliveries.recover(id, since.toInstant(ZoneOffset.UTC));
		redirect.addFlashAttribute("message", "shophooks.endpoint.recovered");
		redirect.addFlashAttribute("messageArgument", count);
		return redirect("/endpoints/" + id);
	}

	/**
	 * How an endpoint did over the last 24 hours.
	 *
	 * @param successRate share of attempts answered with 2xx, in percent
	 * @param attempts attempts made
	 * @param lastSucceeded whether the last attempt succeeded
	 * @param lastAt when the last attempt was made
	 */
	public record EndpointHealth(long successRate, int attempts, boolean lastSucceeded, Instant lastAt) {
	}

}
