package io.shophooks.webhook.admin.api;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import io.shophooks.webhook.DeliveryStatus;
import io.shophooks.webhook.Internal;
import io.shophooks.webhook.deliveries.Attempt;
import io.shophooks.webhook.deliveries.Delivery;
import io.shophooks.webhook.deliveries.DeliveryFilter;
import io.shophooks.webhook.deliveries.DeliveryService;

/**
 * The delivery part of the management API.
 */
@Internal
@RestController
@RequestMapping("${shophooks.webhook.admin.api-path:/api/webhooks}")
public class DeliveryApiController {

	private final DeliveryService deliveries;

	public DeliveryApiController(DeliveryService deliveries) {
		this.deliveries = deliveries;
	}

	/**
	 * Deliveries newest first. Pages are keyed by id: pass the last id of a page as
	 * {@code before} (or {@code page} for a numbered page of {@code size}).
	 */
	@GetMapping("/deliveries")
	Map<String, Object> list(@RequestParam(required = false) @Nullable Long endpoint,
			@RequestParam(required = false) @Nullable DeliveryStatus status,
			@RequestParam(required = false) @Nullable String type,
			@RequestParam(required = false) @Nullable Long before, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "50") int size) {
		if (size < 1 || size > 500 || page < 0 || page > 1000) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "size must be 1 to 500 and page 0 to 1000");
		}
		DeliveryFilter filter = new DeliveryFilter(endpoint, status, type, null, before, size);
		List<Delivery> items = this.deliveries.list(filter);
		for (int i = 0; i < page && !items.isEmpty(); i++) {
			filter = new DeliveryFilter(endpoint, status, type, null, items.get(items.size() - 1).id(), size);
			items = this.deliveries.list(filter);
		}
		return Map.of("items", items, "page", page, "size", size);
	}

	@GetMapping("/deliveries/{id}")
	Map<String, Object> get(@PathVariable long id) {
		Delivery delivery = this.deliveries.find(id)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No delivery with id " + id));
		List<Attempt> attempts = this.deliveries.attempts(id);
		return Map.of("delivery", delivery, "attempts", attempts);
	}

	@PostMapping("/deliveries/{id}/replay")
	ResponseEntity<Map<String, Object>> replay(@PathVariable long id) {
		this.deliveries.find(id)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No delivery with id " + id));
		boolean scheduled = this.deliveries.replay(id);
		if (!scheduled) {
			throw new ResponseStatusException(HttpStatus.CONFLICT, "Delivery " + id + " is already pending");
		}
		return ResponseEntity.accepted().body(Map.of("replayed", true));
	}

	@PostMapping("/deliveries/{id}/retry-now")
	ResponseEntity<Map<String, Object>> retryNow(@PathVariable long id) {
		this.deliveries.find(id)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No delivery with id " + id));
		if (!this.deliveries.retryNow(id)) {
			throw new ResponseStatusException(HttpStatus.CONFLICT,
					"Delivery " + id + " is not waiting for a retry (delivered, failed, or being sent)");
		}
		return ResponseEntity.accepted().body(Map.of("retrying", true));
	}

}
