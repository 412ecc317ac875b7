package io.shophooks.bench;

import java.time.Instant;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.web.client.RestClient;

/**
 * Spring Modulith's way, as its best user would set it up: the JDBC event publication
 * registry records each event in the publishing transaction; an asynchronous
 * {@code @ApplicationModuleListener} on 32 threads posts it after commit with a
 * {@code RestClient} on a pooled Apache HttpClient 5 (connections per route at least the
 * threads) and one {@code Mac} per thread; completed publications are deleted (the
 * {@code delete} completion mode keeps the registry table small).
 */
final class ModulithContender implements Contender {

	static final String NAME = "Spring Modulith JDBC registry + async listener (PostgreSQL)";

	static final int THREADS = 32;

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public Shop start(DataSource dataSource, FastReceiver receiver) {
		WebhookPost post = new WebhookPost(receiver.url(), THREADS + 8);
		RestClient rest = RestClient.builder()
			.requestFactory(new HttpComponentsClientHttpRequestFactory(post.client()))
			.build();
		return new SpringShop(SpringShop.run(new Class<?>[] { BenchApp.class, AsyncConfiguration.class }, dataSource,
				beans -> beans.registerBean(Listener.class, () -> new Listener(rest, post)),
				"--shophooks.webhook.enabled=false", "--spring.modulith.events.jdbc.schema-initialization.enabled=true",
				"--spring.modulith.events.completion-mode=delete",
				"--spring.task.execution.pool.core-size=" + THREADS, "--spring.task.execution.pool.max-size=" + THREADS)) {

			@Override
			public void close() {
				super.close();
				post.close();
			}

		};
	}

	/** Switches on asynchronous listeners in the Modulith context only. */
	@EnableAsync
	static class AsyncConfiguration {

	}

	/** Posts each order after commit, on the task executor. */
	static class Listener {

		private final RestClient rest;

		private final WebhookPost post;

		Listener(RestClient rest, WebhookPost post) {
			this.rest = rest;
			this.post = post;
		}

		@ApplicationModuleListener
		void on(BenchApp.OrderApproved order) {
			byte[] body = WebhookPost.body(order, Instant.now());
			Map<String, String> headers = this.post.headers(WebhookPost.id(order.orderId()), body);
			this.rest.post()
				.uri(this.post.url())
				.headers(h -> headers.forEach(h::set))
				.body(body)
				.retrieve()
				.toBodilessEntity();
		}

	}

}
