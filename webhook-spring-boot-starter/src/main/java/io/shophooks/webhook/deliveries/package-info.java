/**
 * What the admin UI and the API ask of deliveries: list, find, replay, recover, send a test event,
 * pause, and the dashboard's figures (SQL aggregates). Users call {@link DeliveryService},
 * {@link PauseControl} and {@link DeliveryFigures} and read the records they return.
 */
@NullMarked
package io.shophooks.webhook.deliveries;

import org.jspecify.annotations.NullMarked;

