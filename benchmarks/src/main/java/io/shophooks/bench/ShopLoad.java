package io.shophooks.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The one load driver every contender gets: 8 shop threads, each transaction one
 * business insert and one published event. Closed loop (as fast as the shop commits,
 * for throughput) or open loop at a fixed rate (for latency: each event has a scheduled
 * time, and an event that starts late because the shop's threads were busy is charged
 * the delay, as wrk2 does, so a stalled contender cannot hide its stall by slowing the
 * load down).
 */
final class ShopLoad {

	static final int THREADS = 8;

	private static final String NOTE = "x".repeat(900);

	private ShopLoad() {
	}

	/** The event of one order: about 1 KB of JSON once serialized. */
	static BenchApp.OrderApproved order(String id) {
		return new BenchApp.OrderApproved(id, "ann@example.com", NOTE);
	}

	/**
	 * A closed-loop run.
	 *
	 * @param events how many were committed
	 * @param committedSeconds from the first transaction's start to the last commit
	 * @param deliveredSeconds from the first transaction's start to the last arrival
	 * @param transactionNanos each transaction's time as the shop's thread saw it
	 */
	record Throughput(int events, double committedSeconds, double deliveredSeconds, List<Long> transactionNanos) {

		double deliveriesPerSecond() {
			return this.events / this.deliveredSeconds;
		}

		double transactionsPerSecond() {
			return this.events / this.committedSeconds;
		}

	}

	/**
	 * Commit {@code events} orders from 8 threads as fast as the shop can, then wait until
	 * every one has arrived.
	 * @param shop the contender
	 * @param receiver where its webhooks go
	 * @param prefix the orders' id prefix
	 * @param events how many
	 * @param resources started when the first transaction starts, or {@code null}
	 * @return the run
	 */
	static Throughput closedLoop(Shop shop, FastReceiver receiver, String prefix, int events,
			@Nullable Resources resources) throws InterruptedException {
		receiver.reset(prefix);
		if (resources != null) {
			resources.start();
		}
		long start = System.nanoTime();
		List<Long> durations = commitAll(shop, prefix, events);
		double committed = seconds(start);
		if (shop.delivers()) {
			awaitArrivals(receiver, events);
		}
		return new Throughput(events, committed, shop.delivers() ? seconds(start) : committed, durations);
	}

	/** The shop side of a closed loop alone: commit, do not wait for deliveries. */
	static void closedLoopWithoutWaiting(Shop shop, FastReceiver receiver, String prefix, int events)
			throws InterruptedException {
		receiver.reset(prefix);
		commitAll(shop, prefix, events);
	}

	/**
	 * Commit {@code events} orders from 8 threads as fast as the shop can.
	 * @return each transaction's time as the shop's thread saw it
	 */
	private static List<Long> commitAll(Shop shop, String prefix, int events) throws InterruptedException {
		List<Long> durations = Collections.synchronizedList(new ArrayList<>(events));
		AtomicInteger next = new AtomicInteger();
		Thread[] threads = new Thread[THREADS];
		for (int t = 0; t < threads.length; t++) {
			threads[t] = new Thread(() -> {
				int i;
				while ((i = next.getAndIncrement()) < events) {
					long began = System.nanoTime();
					commit(shop, prefix + i, null, 0);
					durations.add(System.nanoTime() - began);
				}
			}, "shop-" + t);
			threads[t].start();
		}
		for (Thread thread : threads) {
			thread.join();
		}
		return durations;
	}

	/**
	 * A fixed-rate run.
	 *
	 * @param rate the scheduled events per second
	 * @param events how many were scheduled
	 * @param latency commit-to-receiver, microseconds, late starts charged
	 * @param reached the rate actually delivered: events over the time from the first
	 * scheduled start to the last arrival
	 */
	record FixedRate(int rate, int events, Histogram latency, double reached) {
	}

	/**
	 * Commit orders at a fixed rate for {@code seconds}, each at its scheduled time, and
	 * measure for each the time from its commit to its arrival at the receiver, plus how
	 * late its transaction started.
	 */
	static FixedRate fixedRate(Shop shop, FastReceiver receiver, String prefix, int rate, int seconds)
			throws InterruptedException {
		int events = rate * seconds;
		receiver.reset(prefix);
		long interval = 1_000_000_000L / rate;
		long[] late = new long[events];
		long[] committed = new long[events];
		AtomicInteger next = new AtomicInteger();
		long first = System.nanoTime() + 20_000_000L;
		Thread[] threads = new Thread[THREADS];
		for (int t = 0; t < threads.length; t++) {
			threads[t] = new Thread(() -> {
				int i;
				while ((i = next.getAndIncrement()) < events) {
					long scheduled = first + i * interval;
					long wait;
					while ((wait = scheduled - System.nanoTime()) > 0) {
						LockSupport.parkNanos(wait);
					}
					late[i] = Math.max(0, System.nanoTime() - scheduled);
					commit(shop, prefix + i, committed, i);
				}
			}, "shop-rate-" + t);
			threads[t].start();
		}
		for (Thread thread : threads) {
			thread.join();
		}
		if (!shop.delivers()) {
			// the shop alone: its transactions at the rate, nothing to wait for
			return new FixedRate(rate, events, new Histogram(3), events / ((System.nanoTime() - first) / 1e9));
		}
		awaitArrivals(receiver, events);
		Histogram latency = new Histogram(3);
		long last = first;
		for (int i = 0; i < events; i++) {
			long arrived = receiver.arrival(prefix + i);
			last = Math.max(last, arrived);
			latency.recordValue(Math.max(0, arrived - committed[i] + late[i]) / 1_000);
		}
		return new FixedRate(rate, events, latency, events / ((last - first) / 1e9));
	}

	/** One business transaction: the order and its event; its commit time kept when asked. */
	static void commit(Shop shop, String orderId, long @Nullable [] committedAt, int index) {
		shop.transactions().executeWithoutResult(status -> {
			shop.jdbc().update("INSERT INTO bench_order (id, total) VALUES (?, ?)", orderId, 42);
			if (committedAt != null) {
				TransactionSynchronizationManager.registerSynchronization(new CommitTime(committedAt, index));
			}
			shop.publish(order(orderId));
		});
	}

	/** Notes when a transaction committed, before any other after-commit work runs. */
	private record CommitTime(long[] times, int index) implements TransactionSynchronization, Ordered {

		@Override
		public void afterCommit() {
			this.times[this.index] = System.nanoTime();
		}

		@Override
		public int getOrder() {
			return Ordered.HIGHEST_PRECEDENCE;
		}

	}

	static void awaitArrivals(FastReceiver receiver, int count) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
		while (receiver.distinct() < count) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("only " + receiver.distinct() + " of " + count + " arrived");
			}
			Thread.sleep(1);
		}
	}

	static double seconds(long startNanos) {
		return (System.nanoTime() - startNanos) / 1e9;
	}

	static double percentile(List<Long> values, double percent) {
		if (values.isEmpty()) {
			return Double.NaN;
		}
		long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
		int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(index, sorted.length - 1))];
	}

}
