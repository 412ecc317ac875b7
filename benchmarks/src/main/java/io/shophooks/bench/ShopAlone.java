package io.shophooks.bench;

import javax.sql.DataSource;

/**
 * The shop without any webhook: the same business transactions, nothing published.
 * What it costs bounds what any contender can deliver while the shop commits.
 */
final class ShopAlone implements Contender {

	static final String NAME = "the shop alone: business transactions, no webhook (PostgreSQL)";

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public Shop start(DataSource dataSource, FastReceiver receiver) {
		return new JdbcShop(dataSource) {

			@Override
			public void publish(BenchApp.OrderApproved order) {
			}

			@Override
			public boolean delivers() {
				return false;
			}

		};
	}

}
