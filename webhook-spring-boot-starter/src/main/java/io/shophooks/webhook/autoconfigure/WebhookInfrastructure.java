package io.shophooks.webhook.autoconfigure;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import io.shophooks.webhook.jdbc.DatabaseType;
import io.shophooks.webhook.jdbc.Tables;

/**
 * What ShopHooks' components share: the JDBC access to the shop's database, its type,
 * the table names, ShopHooks' own transactions and the JSON mapper.
 *
 * @param jdbc JDBC access; joins the caller's transaction
 * @param tables table names
 * @param databaseType the database
 * @param transactions transactions for ShopHooks' own work
 * @param jsonMapper serializes payloads
 */
record WebhookInfrastructure(JdbcTemplate jdbc, Tables tables, DatabaseType databaseType,
		TransactionTemplate transactions, JsonMapper jsonMapper) {

}
