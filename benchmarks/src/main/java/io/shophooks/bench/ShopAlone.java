package io.shophooks.bench;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

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
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		Bench.createOrderTable(jdbc);
		TransactionTemplate transactions = new TransactionTemplate(new JdbcTransactionManager(dataSource));
		return new Shop() {

			@Override
			public TransactionTemplate transactions() {
				return transactions;
			}

			@Override
			public JdbcTemplate jdbc() {
				return jdbc;
			}

			@Override
			public void publish(BenchApp.OrderApproved order) {
			}

			@Override
			public boolean delivers() {
				return false;
			}

			@Override
			public void close() {
			}

		};
	}

}
