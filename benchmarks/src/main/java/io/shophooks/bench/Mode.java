package io.shophooks.bench;

/**
 * How much to run.
 *
 * @param name tiny (the build's test), quick or full
 * @param events events per timed throughput run
 * @param warmUp events each contender commits and delivers before its timed part
 * @param rounds how many times every contender runs, interleaved in a shuffled order
 * @param latencySeconds how long each fixed-rate latency run lasts
 * @param overheadTransactions transactions per publish-overhead run
 * @param backlog deliveries queued for the big-backlog drain
 * @param slowEvents events per run against the receiver that answers after 50 ms
 * @param adminRuns timings of the admin figures
 */
record Mode(String name, int events, int warmUp, int rounds, int latencySeconds, int overheadTransactions,
		int backlog, int slowEvents, int adminRuns) {

	/** The fixed rates every contender's commit-to-receiver latency is measured at. */
	static final int[] RATES = { 200, 500 };

	static Mode of(String name) {
		return switch (name) {
			case "full" -> new Mode("full", 10_000, 5_000, 5, 10, 5_000, 1_000_000, 3_000, 30);
			case "tiny" -> tiny();
			default -> new Mode("quick", 1_500, 500, 3, 2, 300, 50_000, 600, 30);
		};
	}

	/** What the build's test runs: every row, as little of each as gives a figure. */
	static Mode tiny() {
		return new Mode("tiny", 300, 100, 2, 1, 50, 3_000, 60, 5);
	}

}
