package io.shophooks.webhook.admin.api;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.shophooks.webhook.Internal;
import io.shophooks.webhook.capture.EventTypeDescriptor;
import io.shophooks.webhook.capture.EventTypeRegistry;
import io.shophooks.webhook.deliveries.Attempt;
import io.shophooks.webhook.deliveries.DeliveryService;
import io.shophooks.webhook.endpoint.CreatedEndpoint;
import io.shophooks.webhook.endpoint.Endpoint;
import io.shophooks.webhook.endpoint.EndpointService;

/**
 * The endpoint part of the management API.
 */
@Internal
@RestController
@RequestMapping("${shophooks.webhook.admin.api-path:/api/webhooks}")
public class EndpointApiController {

	private final EndpointService endpoints;

	private final DeliveryService deliveries;

	private final EventTypeRegistry eventTypes;

	private final Duration rotationOverlap;

	public EndpointApiController(EndpointService endpoints, DeliveryService deliveries,
			EventTypeRegistry eventTypes, io.shophooks.webhook.autoconfigure.WebhookProperties engine) {
		this.rotationOverlap = engine.getSecurity().getSecretRotationOverlap();
		this.endpoints = endpoints;
		this.deliveries = deliveries;
		this.eventTypes = eventTypes;
	}

	@GetMapping("/endpoints")
	List<EndpointResponse> list() {
		return this.endpoints.list().stream().map(e -> EndpointResponse.of(e, null)).toList();
	}

	@PostMapping("/endpoints")
	ResponseEntity<EndpointResponse> create(@RequestBody JsonNode body) {
		EndpointRequest request = StrictJson.read(body, EndpointRequest.class);
		CreatedEndpoint created = this.endpoints.create(request.toDefinition(true));
		Endpoint endpoint = created.endpoint();
		if (Boolean.FALSE.equals(request.enabled())) {
			this.endpoints.disable(endpoint.id(), "Created disabled");
			endpoint = this.endpoints.get(endpoint.id());
		}
		return ResponseEntity.created(URI.create("endpoints/" + endpoint.id()))
			.body(EndpointResponse.of(endpoint, created.secret()));
	}

	@GetMapping("/endpoints/{id}")
	EndpointResponse get(@PathVariable long id) {
		return EndpointResponse.of(this.endpoints.get(id), null);
	}

	@PutMapping("/endpoints/{id}")
	EndpointResponse update(@PathVariable long id, @RequestBody JsonNode body) {
		EndpointRequest request = StrictJson.read(body, EndpointRequest.class);
		boolean wasSigning = this.endpoints.get(id).signing();
		io.shophooks.webhook.endpoint.EndpointDefinition definition = request.toDefinition(false);
		Endpoint endpoint = this.endpoints.update(id, definition);
		// signing switched on without a secret: the new one is answered, once, as on create
		String secret = null;
		if (!wasSigning && definition.signing() && (definition.secret() == null || definition.secret().isEmpty())) {
			secret = this.endpoints.rotateSecret(id, java.time.Duration.ZERO, true);
			endpoint = this.endpoints.get(id);
		}
		if (request.enabled() != null && request.enabled() != endpoint.enabled()) {
			if (request.enabled()) {
				this.endpoints.enable(id);
			}
			else {
				this.endpoints.disable(id, "Disabled through the API");
			}
			endpoint = this.endpoints.get(id);
		}
		return EndpointResponse.of(endpoint, secret);
	}

	@DeleteMapping("/endpoints/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@PathVariable long id) {
		this.endpoints.delete(id);
	}

	@PostMapping("/endpoints/{id}/test")
	Attempt test(@PathVariable long id) {
		return this.deliveries.sendTestEvent(id);
	}

	@PostMapping("/endpoints/{id}/rotate-secret")
	EndpointResponse rotate(@PathVariable long id, @RequestParam(defaultValue = "false") boolean cutShort) {
		String secret = this.endpoints.rotateSecret(id, this.rotationOverlap, cutShort);
		return EndpointResponse.of(this.endpoints.get(id), secret);
	}

	@PostMapping("/endpoints/{id}/send-waiting")
	ResponseEntity<Map<String, Object>> sendWaiting(@PathVariable long id) {
		return ResponseEntity.accepted().body(Map.of("sending", this.deliveries.sendWaitingNow(id)));
	}

	@PostMapping("/endpoints/{id}/recover")
	Map<String, Object> recover(@PathVariable long id, @RequestParam Instant since) {
		return Map.of("recovered", this.deliveries.recover(id, since));
	}

	@GetMapping("/event-types")
	List<EventTypeResponse> eventTypes() {
		return this.eventTypes.all().stream().map(EventTypeResponse::of).toList();
	}

	/**
	 * The JSON Schema of an event type's payload ({@code application/schema+json}).
	 * @param type the event type
	 * @return the schema
	 */
	@GetMapping("/event-types/{type}/schema")
	ResponseEntity<String> schema(@PathVariable String type) {
		EventTypeDescriptor descriptor = this.eventTypes.find(type)
			.filter(found -> found.schema() != null)
			.orElseThrow(() -> new org.springframework.web.server.ResponseStatusException(
					HttpStatus.NOT_FOUND, "No schema for event type '" + type + "'"));
		return ResponseEntity.ok()
			.contentType(org.springframework.http.MediaType.parseMediaType("application/schema+json"))
			.body(descriptor.schema());
	}

	/**
	 * An event type in the catalog; its schema is at {@code event-types/{type}/schema}.
	 *
	 * @param type the event type
	 * @param description what it means
	 * @param javaType the Java type published for it, or {@code null}
	 * @param version the current payload version
	 * @param changes what changed in each version, newest first
	 * @param example an example payload as JSON text, or {@code null}
	 * @param schema where the JSON Schema of this version's data is, relative to this list,
	 * or {@code null} for a type without one
	 */
	record EventTypeResponse(String type, String description, @Nullable String javaType, int version,
			List<String> changes, @Nullable String example, @Nullable String schema) {

		static EventTypeResponse of(EventTypeDescriptor d) {
			return new EventTypeResponse(d.type(), d.description(),
					(d.javaType() != null) ? d.javaType().getName() : null, d.version(), d.changes(), d.example(),
					(d.schema() != null) ? "event-types/" + d.type() + "/schema" : null);
		}

	}

}
