package io.shophooks.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the time goes: one more ShopHooks throughput run on PostgreSQL under JFR (no
 * figure is taken from it: recording costs time), with PostgreSQL's own statement
 * statistics of the same run. Written to {@code profile.md} beside the recording.
 */
final class ProfilePhase {

	private ProfilePhase() {
	}

	static void run(Bench bench) throws Exception {
		Path recording = bench.out().resolve("shophooks-postgresql.jfr");
		PgStatements statements = new PgStatements(bench.postgres());
		bench.settle();
		try (ShopHooksContender.Running shop = new ShopHooksContender(ShopHooksContender.POSTGRESQL)
			.start(bench.postgres(), bench.receiver())) {
			ShopLoad.closedLoop(shop, bench.receiver(), "prof-warm-", bench.mode().warmUp(), null);
			statements.reset();
			Profile.record(recording,
					() -> ShopLoad.closedLoop(shop, bench.receiver(), "prof-", bench.mode().events(), null));
			Thread.sleep(500); // the last batch of attempts is recorded just after it arrives
			String database = statements.summarize(bench.mode().events(), 14);
			Files.writeString(bench.out().resolve("profile.md"),
					"# Where ShopHooks spends its CPU (PostgreSQL, throughput run while the shop commits)\n\n"
							+ Profile.summarize(recording, 15) + "\n## The database side of the same run\n\n" + database);
			shop.clean();
		}
	}

}
