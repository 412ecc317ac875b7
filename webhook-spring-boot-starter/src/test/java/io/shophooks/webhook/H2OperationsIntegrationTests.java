package io.shophooks.webhook;

import org.junit.jupiter.api.BeforeAll;

import io.shophooks.webhook.support.Databases;

class H2OperationsIntegrationTests extends AbstractOperationsIntegrationTests {

	@BeforeAll
	static void start() throws Exception {
		startShop(Databases.newH2("operations"));
	}

}
