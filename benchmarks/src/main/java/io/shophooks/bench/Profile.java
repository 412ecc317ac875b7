package io.shophooks.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * A JFR profile of one run: the recording is kept as a file, and the methods the CPU
 * samples fall in are summed up (where the time is spent, by own time and by the
 * ShopHooks frame it was spent under).
 */
final class Profile {

	private Profile() {
	}

	static <T> T record(Path file, Callable<T> work) throws Exception {
		Configuration settings = Configuration.getConfiguration("profile");
		try (Recording recording = new Recording(settings)) {
			recording.start();
			T result = work.call();
			recording.stop();
			recording.dump(file);
			return result;
		}
	}

	/** A Markdown summary of the execution samples of a recording. */
	static String summarize(Path file, int top) throws IOException {
		Map<String, Integer> self = new HashMap<>();
		Map<String, Integer> underShopHooks = new HashMap<>();
		Map<String, Integer> threads = new HashMap<>();
		int samples = 0;
		for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
			if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
				continue;
			}
			List<RecordedFrame> frames = event.getStackTrace().getFrames();
			if (frames.isEmpty()) {
				continue;
			}
			samples++;
			self.merge(name(frames.get(0)), 1, Integer::sum);
			for (RecordedFrame frame : frames) {
				String name = name(frame);
				if (name.startsWith("io.shophooks.webhook.")) {
					underShopHooks.merge(name, 1, Integer::sum);
					break;
				}
			}
			String thread = (event.getThread("sampledThread") != null) ? event.getThread("sampledThread").getJavaName()
					: "?";
			threads.merge((thread != null) ? thread.replaceAll("-?\\d+$", "-N") : "?", 1, Integer::sum);
		}
		StringBuilder md = new StringBuilder();
		md.append(samples).append(" CPU samples.\n\n");
		table(md, "Threads (samples)", threads, samples, top);
		table(md, "Innermost ShopHooks method on the stack (samples)", underShopHooks, samples, top);
		table(md, "Hottest methods by own time (samples)", self, samples, top);
		return md.toString();
	}

	private static void table(StringBuilder md, String title, Map<String, Integer> counts, int samples, int top) {
		md.append("| ").append(title).append(" | share |\n| --- | ---: |\n");
		Map<String, Integer> sorted = new LinkedHashMap<>();
		counts.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
			.limit(top)
			.forEach(entry -> sorted.put(entry.getKey(), entry.getValue()));
		sorted.forEach((name, count) -> md.append("| `").append(name).append("` | ")
			.append(Math.round(100.0 * count / Math.max(1, samples))).append(" % |\n"));
		md.append('\n');
	}

	private static String name(RecordedFrame frame) {
		return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
	}

}
