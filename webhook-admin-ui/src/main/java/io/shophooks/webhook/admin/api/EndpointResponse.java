package io.shophooks.webhook.admin.api;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

import io.shophooks.webhook.Internal;
import io.shophooks.webhook.endpoint.BodyFormat;
import io.shophooks.webhook.endpoint.Endpoint;
import io.shophooks.webhook.endpoint.PayloadMode;

/**
 * An endpoint as the API returns it. Secrets never appear, except {@code secret} in the
 * answer to a create or a rotation.
 */
@Internal
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EndpointResponse(long id, String name, String url, List<String> eventTypes, BodyFormat format,
		Auth auth, boolean enabled, @Nullable String disabledReason, @Nullable Instant disabledAt,
		int maxConcurrency, boolean traceContext, boolean ordered, @Nullable String filter, List<String> includeFields,
		PayloadMode payload, Instant createdAt, Instant updatedAt, boolean secretsUnreadable, @Nullable String secret) {

	static EndpointResponse of(Endpoint e, @Nullable String secret) {
		Auth auth = new Auth((e.urlTokenParameter() != null) ? new Token(e.urlTokenParameter()) : null,
				(e.basicUsername() != null) ? new Basic(e.basicUsername()) : null,
				e.signing() ? new Hmac(true, e.secretHint(), e.previousSecretExpiresAt()) : null);
		return new EndpointResponse(e.id(), e.name(), e.url(), e.eventTypes(), e.format(), auth, e.enabled(),
				e.disabledReason(), e.disabledAt(), e.maxConcurrency(), e.propagateTrace(), e.options().ordered(),
				e.options().filter(), e.options().includeFields(), e.options().payload(), e.createdAt(), e.updatedAt(),
				e.secretsUnreadable(), secret);
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Auth(@Nullable Token token, @Nullable Basic basic, @Nullable Hmac hmac) {
	}

	public record Token(String parameter) {
	}

	public record Basic(String username) {
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Hmac(boolean enabled, @Nullable String secretHint, @Nullable Instant previousSecretExpiresAt) {
	}

}
