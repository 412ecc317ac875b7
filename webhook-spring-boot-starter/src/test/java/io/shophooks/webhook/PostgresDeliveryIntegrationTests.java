package io.shophooks.webhook;

import org.junit.jupiter.api.BeforeAll;

import io.shophooks.webhook.support.Databases;

class PostgresDeliveryIntegrationTests extends AbstractDeliveryIntegrationTests {

	@BeforeAll
	static void start() throws Exception {
		startShop(Databases.newPostgres("delivery"));
	}

}
