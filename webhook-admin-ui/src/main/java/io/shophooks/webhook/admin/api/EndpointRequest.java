package io.shophooks.webhook.admin.api;

import java.util.List;

import org.jspecify.annotations.Nullable;

import io.shophooks.webhook.Internal;
import io.shophooks.webhook.endpoint.BodyFormat;
import io.shophooks.webhook.endpoint.DeliveryOptions;
import io.shophooks.webhook.endpoint.EndpointDefinition;
import io.shophooks.webhook.endpoint.PayloadMode;

/**
 * An endpoint as API clients send it. In {@code auth}, each part is optional; on update
 * a missing token value, password or secret keeps the stored one.
 *
 * <pre>{@code
 * {"name":"ERP","url":"https://erp.example.com/hooks","eventTypes":["order.*"],"format":"JSON",
 *  "auth":{"token":{"parameter":"token","value":"abc"},"basic":{"username":"shop","password":"pw"},
 *          "hmac":{"enabled":true}},
 *  "enabled":true,"maxConcurrency":8,"traceContext":false,
 *  "ordered":true,"filter":"total >= 100","includeFields":["orderId","total"],"payload":"FULL"}
 * }</pre>
 */
@Internal
public record EndpointRequest(@Nullable String name, @Nullable String url, @Nullable List<String> eventTypes,
		@Nullable BodyFormat format, @Nullable Auth auth, @Nullable Boolean enabled, @Nullable Integer maxConcurrency,
		@Nullable Boolean traceContext, @Nullable Boolean ordered, @Nullable String filter,
		@Nullable List<String> includeFields, @Nullable PayloadMode payload) {

	EndpointDefinition toDefinition(boolean creating) {
		Auth a = (this.auth != null) ? this.auth : new Auth(null, null, new Hmac(true, null));
		String tokenParameter = (a.token() != null) ? a.token().parameter() : null;
		String token = (a.token() == null) ? "" : (a.token().value() == null && !creating) ? null
				: (a.token().value() == null) ? "" : a.token().value();
		String username = (a.basic() != null && a.basic().username() != null) ? a.basic().username() : "";
		String password = (a.basic() != null) ? a.basic().password() : null;
		boolean signing = a.hmac() == null || a.hmac().enabled() == null || a.hmac().enabled();
		if (this.auth != null && a.hmac() == null) {
			signing = false;
		}
		String secret = (a.hmac() != null) ? a.hmac().secret() : null;
		// half-filled credentials are a mistake, not a wish for none: say so instead of
		// storing the endpoint without them
		java.util.Map<String, String> missing = new java.util.LinkedHashMap<>();
		if (creating && a.token() != null && (a.token().value() == null || a.token().value().isEmpty())) {
			missing.put("urlToken", "Give the URL token's value (auth.token.value), or leave out auth.token");
		}
		if (a.basic() != null && (a.basic().username() == null || a.basic().username().isEmpty())
				&& (a.basic().password() != null && !a.basic().password().isEmpty() || creating)) {
			missing.put("basicUsername", "Give the HTTP Basic user name (auth.basic.username), or leave out auth.basic");
		}
		if (!missing.isEmpty()) {
			throw new io.shophooks.webhook.endpoint.InvalidEndpointException(missing);
		}
		return EndpointDefinition.builder((this.name != null) ? this.name : "", (this.url != null) ? this.url : "")
			.eventTypes((this.eventTypes != null) ? this.eventTypes : List.of())
			.format(this.format)
			.urlToken(tokenParameter, token)
			.basicAuth(username, password)
			.signing(signing, secret)
			.maxConcurrency(this.maxConcurrency)
			.propagateTrace(Boolean.TRUE.equals(this.traceContext))
			.options(new DeliveryOptions(Boolean.TRUE.equals(this.ordered), this.filter,
					(this.includeFields != null) ? this.includeFields : List.of(), this.payload))
			.build();
	}

	/**
	 * How the endpoint is secured; any combination.
	 */
	public record Auth(@Nullable Token token, @Nullable Basic basic, @Nullable Hmac hmac) {
	}

	/**
	 * A token added to the URL as a query parameter.
	 */
	public record Token(@Nullable String parameter, @Nullable String value) {
	}

	/**
	 * HTTP Basic credentials.
	 */
	public record Basic(@Nullable String username, @Nullable String password) {
	}

	/**
	 * Standard Webhooks HMAC signing; a secret may be given, otherwise one is generated.
	 */
	public record Hmac(@Nullable Boolean enabled, @Nullable String secret) {
	}

}
