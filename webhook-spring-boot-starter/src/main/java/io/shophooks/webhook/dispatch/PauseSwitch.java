package io.shophooks.webhook.dispatch;

import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

import io.shophooks.webhook.Internal;
import io.shophooks.webhook.jdbc.Tables;

/**
 * Pauses and resumes delivery on every instance (a maintenance window): the switch is a
 * row in the settings table, read at most once a second. Capture goes on while paused;
 * deliveries wait and are sent after resuming.
 */
@Internal
public class PauseSwitch {

	private static final String SETTING = "delivery-paused";

	private static final long CACHE_NANOS = 1_000_000_000L;

	private final JdbcTemplate jdbc;

	private final String table;

	private final boolean pausedByProperty;

	private volatile boolean cached;

	private volatile long readAt;

	public PauseSwitch(JdbcTemplate jdbc, Tables tables, boolean pausedByProperty) {
		this.jdbc = jdbc;
		this.table = tables.sql("shophooks_setting");
		this.pausedByProperty = pausedByProperty;
	}

	/**
	 * Whether this instance holds back deliveries now.
	 * @return whether paused, by the shared switch or by the property
	 */
	public boolean isPaused() {
		if (this.pausedByProperty) {
			return true;
		}
		long now = System.nanoTime();
		if (this.readAt == 0 || now - this.readAt > CACHE_NANOS) {
			List<String> values = this.jdbc.queryForList(
					"SELECT setting_value FROM " + this.table + " WHERE name = ?", String.class, SETTING);
			this.cached = !values.isEmpty() && Boolean.parseBoolean(values.get(0));
			this.readAt = now;
		}
		return this.cached;
	}

	/**
	 * Whether {@code shophooks.webhook.delivery.paused} holds this instance back.
	 * @return whether paused by the property
	 */
	public boolean isPausedByProperty() {
		return this.pausedByProperty;
	}

	/** Pause delivery on every instance. */
	public void pause() {
		write(true);
	}

	/** Resume delivery on every instance (except those paused by their property). */
	public void resume() {
		write(false);
	}

	private void write(boolean paused) {
		String value = Boolean.toString(paused);
		if (this.jdbc.update("UPDATE " + this.table + " SET setting_value = ? WHERE name = ?", value, SETTING) == 0) {
			this.jdbc.update("INSERT INTO " + this.table + " (name, setting_value) VALUES (?, ?)", SETTING, value);
		}
		this.cached = paused;
		this.readAt = System.nanoTime();
	}

}
