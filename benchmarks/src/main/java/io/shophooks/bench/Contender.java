package io.shophooks.bench;

import javax.sql.DataSource;

/**
 * One way to send a shop's events as webhooks, set up as its best user would.
 */
interface Contender {

	String name();

	/**
	 * Start the contender against the receiver it is given.
	 * @param dataSource the shop's database
	 * @param receiver where its webhooks go
	 * @return the running shop
	 * @throws Exception when it cannot start
	 */
	Shop start(DataSource dataSource, FastReceiver receiver) throws Exception;

}
