package io.shophooks.webhook.endpoint;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EndpointDefinitionTests {

	@Test
	void theBuilderStartsFromASignedJsonEndpoint() {
		EndpointDefinition built = EndpointDefinition.builder("ERP", "https://erp.example.com/hooks")
			.eventTypes("order.*")
			.build();
		assertThat(built).isEqualTo(EndpointDefinition.signed("ERP", "https://erp.example.com/hooks", List.of("order.*")));
		assertThat(built.format()).isEqualTo(BodyFormat.JSON);
		assertThat(built.signing()).isTrue();
		assertThat(built.options()).isEqualTo(DeliveryOptions.DEFAULT);
	}

	@Test
	void toBuilderKeepsEveryValueAndChangesOnlyWhatIsSet() {
		EndpointDefinition full = EndpointDefinition.builder("ERP", "https://erp.example.com/hooks")
			.eventTypes("order.approved", "customer.*")
			.format(BodyFormat.XML)
			.urlToken("key", "t0k")
			.basicAuth("shop", "pw")
			.signing(true, "whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0IQ==")
			.maxConcurrency(4)
			.propagateTrace(true)
			.options(DeliveryOptions.DEFAULT.withOrdered(true))
			.build();
		assertThat(full.toBuilder().build()).isEqualTo(full);
		EndpointDefinition form = full.withFormat(BodyFormat.FORM);
		assertThat(form.format()).isEqualTo(BodyFormat.FORM);
		assertThat(form.toBuilder().format(BodyFormat.XML).build()).isEqualTo(full);
	}

}
