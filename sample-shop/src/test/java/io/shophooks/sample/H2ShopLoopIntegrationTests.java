package io.shophooks.sample;

import org.junit.jupiter.api.BeforeAll;

import io.shophooks.webhook.support.Databases;

class H2ShopLoopIntegrationTests extends AbstractShopLoopIntegrationTests {

	@BeforeAll
	static void start() throws Exception {
		startShop(Databases.newH2("shop-loop"));
	}

}
