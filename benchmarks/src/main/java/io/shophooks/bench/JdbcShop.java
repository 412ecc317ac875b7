package io.shophooks.bench;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A shop's business side: its table and its transactions, on a plain
 * {@link JdbcTransactionManager} over the data source unless a Spring application brings
 * its own; a contender adds how it publishes.
 */
abstract class JdbcShop implements Shop {

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	JdbcShop(DataSource dataSource) {
		this(dataSource, new JdbcTransactionManager(dataSource));
	}

	JdbcShop(DataSource dataSource, PlatformTransactionManager transactionManager) {
		this.jdbc = new JdbcTemplate(dataSource);
		this.transactions = new TransactionTemplate(transactionManager);
		Bench.createOrderTable(this.jdbc);
	}

	@Override
	public TransactionTemplate transactions() {
		return this.transactions;
	}

	@Override
	public JdbcTemplate jdbc() {
		return this.jdbc;
	}

	@Override
	public void close() {
	}

}
