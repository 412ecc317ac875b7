package io.shophooks.sample;

import org.junit.jupiter.api.BeforeAll;

import io.shophooks.webhook.support.Databases;

class PostgresShopLoopIntegrationTests extends AbstractShopLoopIntegrationTests {

	@BeforeAll
	static void start() throws Exception {
		startShop(Databases.newPostgres("shop_loop"));
	}

}
