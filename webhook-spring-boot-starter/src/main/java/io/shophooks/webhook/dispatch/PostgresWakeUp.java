package io.shophooks.webhook.dispatch;

import java.sql.Connection;
import java.sql.Statement;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import io.shophooks.webhook.Internal;

/**
 * Wakes this instance's dispatcher when another instance commits webhooks, through
 * PostgreSQL {@code LISTEN/NOTIFY}: publishers {@code NOTIFY} in their transaction, so
 * the notification arrives exactly when the events become visible. Holds one connection
 * of the pool while running; the poll stays as the fallback if the connection is lost.
 */
@Internal
public class PostgresWakeUp {

	private static final Log logger = LogFactory.getLog(PostgresWakeUp.class);

	private final DataSource dataSource;

	private final String channel;

	private volatile boolean running;

	private @Nullable Thread thread;

	public PostgresWakeUp(DataSource dataSource, String channel) {
		this.dataSource = dataSource;
		this.channel = channel;
	}

	/**
	 * The statement publishers run in their transaction.
	 * @param channel the channel
	 * @return the NOTIFY statement
	 */
	public static String notifyStatement(String channel) {
		return "NOTIFY " + channel;
	}

	synchronized void start(Runnable wake) {
		if (this.running) {
			return;
		}
		this.running = true;
		Thread listener = new Thread(() -> listen(wake), "shophooks-listen");
		listener.setDaemon(true);
		this.thread = listener;
		listener.start();
	}

	synchronized void stop() {
		this.running = false;
		if (this.thread != null) {
			this.thread.interrupt();
		}
	}

	private void listen(Runnable wake) {
		int failures = 0;
		while (this.running) {
			try (Connection connection = this.dataSource.getConnection()) {
				PGConnection pg = connection.unwrap(PGConnection.class);
				try (Statement statement = connection.createStatement()) {
					statement.execute("LISTEN " + this.channel);
				}
				if (!connection.getAutoCommit()) {
					connection.commit();
				}
				failures = 0;
				while (this.running) {
					PGNotification[] notifications = pg.getNotifications(500);
					if (notifications != null && notifications.length > 0) {
						wake.run();
					}
				}
			}
			catch (Exception ex) {
				if (!this.running) {
					return;
				}
				failures++;
				if (failures == 1 || failures % 20 == 0) {
					logger.warn("ShopHooks lost its LISTEN connection (" + failures
							+ " times); polling meanwhile: " + ex.getMessage());
				}
				try {
					Thread.sleep(Math.min(10_000, 500L * failures));
				}
				catch (InterruptedException interrupted) {
					return;
				}
			}
		}
	}

}
