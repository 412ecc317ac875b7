package io.shophooks.sample;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.shophooks.webhook.capture.WebhookSchemaSnapshots;

/**
 * The shop's webhook payloads are a contract with its integrators: this fails when an
 * event's JSON Schema changes while its {@code @WebhookEvent(version)} stays the same.
 * The schemas of every version live in {@code src/test/resources/webhook-schemas}.
 */
class EventSchemaSnapshotTests {

	@Test
	void webhookPayloadsChangeOnlyWithANewVersion() {
		WebhookSchemaSnapshots.verify("io.shophooks.sample", Path.of("src/test/resources/webhook-schemas"));
	}

}
