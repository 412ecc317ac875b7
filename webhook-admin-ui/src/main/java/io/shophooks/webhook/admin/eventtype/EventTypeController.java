package io.shophooks.webhook.admin.eventtype;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;

import io.shophooks.webhook.Internal;
import io.shophooks.webhook.admin.AdminPage;
import io.shophooks.webhook.admin.WebhookAdminProperties;
import io.shophooks.webhook.capture.EventTypeDescriptor;
import io.shophooks.webhook.capture.EventTypeRegistry;
import io.shophooks.webhook.endpoint.BodyFormat;
import io.shophooks.webhook.send.BodyRenderer;

/**
 * The event type catalog: each type with its description and an example body in every
 * format.
 */
@Internal
@Controller
@RequestMapping("${shophooks.webhook.admin.path:/admin/webhooks}/event-types")
public class EventTypeController extends AdminPage {

	private final EventTypeRegistry registry;

	private final BodyRenderer renderer;

	private final JsonMapper jsonMapper;

	public EventTypeController(WebhookAdminProperties properties, EventTypeRegistry registry) {
		super(properties);
		this.registry = registry;
		this.jsonMapper = JsonMapper.builder().build();
		this.renderer = new BodyRenderer(this.jsonMapper);
	}

	@GetMapping
	String list(Model model) {
		List<Item> items = this.registry.all().stream().map(this::item).toList();
		model.addAttribute("types", items);
		return "shophooks/event-types";
	}

	private Item item(EventTypeDescriptor descriptor) {
		Map<String, String> examples = new LinkedHashMap<>();
		if (descriptor.example() != null) {
			String compact = this.jsonMapper.writeValueAsString(this.jsonMapper.readTree(descriptor.example()));
			String timestamp = Instant.parse("2026-01-31T12:00:00Z").toString();
			for (BodyFormat format : BodyFormat.values()) {
				examples.put(format.name(), new String(
						this.renderer.render(format, descriptor.type(), descriptor.version(), timestamp, compact),
						StandardCharsets.UTF_8));
			}
		}
		return new Item(descriptor.type(), descriptor.description(),
				(descriptor.javaType() != null) ? descriptor.javaType().getName() : null, examples, descriptor.version(),
				descriptor.changes(), descriptor.schema());
	}

	/**
	 * One row of the catalog.
	 */
	public record Item(String type, String description, String javaType, Map<String, String> examples, int version,
			List<String> changes, String schema) {
	}

}
