package io.shophooks.webhook;

import org.junit.jupiter.api.BeforeAll;

import io.shophooks.webhook.support.Databases;

class H2DeliveryIntegrationTests extends AbstractDeliveryIntegrationTests {

	@BeforeAll
	static void start() throws Exception {
		startShop(Databases.newH2("delivery"));
	}

}
