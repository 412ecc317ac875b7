/**
 * Internal: the SQL of the outbox by job. Event and delivery writes, claims (one implementation per
 * database type, chosen once), attempt recording and the per-minute figures. May change without notice.
 */
@NullMarked
package io.shophooks.webhook.outbox;

import org.jspecify.annotations.NullMarked;

