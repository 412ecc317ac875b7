/**
 * JDBC support: the databases ShopHooks runs on, table names and schema creation.
 */
@NullMarked
package io.shophooks.webhook.jdbc;

import org.jspecify.annotations.NullMarked;
