package io.shophooks.bench;

import java.time.Instant;

import javax.sql.DataSource;

import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The way most shops do it by hand: a {@code @TransactionalEventListener} posts each
 * event after commit, from the committing thread, with a pooled Apache HttpClient 5 and
 * one {@code Mac} per thread. Nothing is stored: an event whose post fails, or whose
 * instance stops after the commit, is lost.
 */
final class HandWrittenContender implements Contender {

	static final String NAME = "hand-written AFTER_COMMIT listener (PostgreSQL)";

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public Shop start(DataSource dataSource, FastReceiver receiver) {
		WebhookPost post = new WebhookPost(receiver.url(), ShopLoad.THREADS * 2);
		return new SpringShop(SpringShop.run(new Class<?>[] { BenchApp.class }, dataSource,
				beans -> beans.registerBean(Listener.class, () -> new Listener(post)),
				"--shophooks.webhook.enabled=false", SpringShop.NO_MODULITH)) {

			@Override
			public void close() {
				super.close();
				post.close();
			}

		};
	}

	/** Posts each order after its transaction commits. */
	static class Listener {

		private final WebhookPost post;

		Listener(WebhookPost post) {
			this.post = post;
		}

		@TransactionalEventListener
		public void on(BenchApp.OrderApproved order) {
			this.post.send(WebhookPost.id(order.orderId()), WebhookPost.body(order, Instant.now()));
		}

	}

}
