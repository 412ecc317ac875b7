package io.shophooks.bench;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A contender as the load driver sees it: a shop whose business transaction commits one
 * order and publishes its event the contender's way.
 */
interface Shop extends AutoCloseable {

	/** The shop's transactions. */
	TransactionTemplate transactions();

	/** The shop's business table. */
	JdbcTemplate jdbc();

	/**
	 * Publish the event of one order, inside the business transaction.
	 * @param order the event
	 */
	void publish(BenchApp.OrderApproved order);

	/** Whether this shop delivers webhooks at all (the shop alone does not). */
	default boolean delivers() {
		return true;
	}

	/** Remove what the runs left in the contender's own tables, so the next one starts alike. */
	default void clean() {
	}

	@Override
	void close();

}
