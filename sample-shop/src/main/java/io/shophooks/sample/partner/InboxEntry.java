package io.shophooks.sample.partner;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One request the partner inbox received, and what it made of it.
 */
public record InboxEntry(long id, @Nullable String webhookId, @Nullable String eventType, Instant receivedAt,
		String headers, String body, boolean signatureOk, boolean basicOk, boolean tokenOk, boolean duplicate,
		String verdict) {

	public boolean verified() {
		return this.signatureOk && this.basicOk && this.tokenOk;
	}

}
