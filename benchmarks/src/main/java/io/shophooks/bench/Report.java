package io.shophooks.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one report every phase writes to: rows of figures, each a single measurement or
 * the median of several rounds with their spread, printed as Markdown and written as
 * CSV, Markdown and an SVG chart.
 */
final class Report {

	/**
	 * One figure.
	 *
	 * @param contender who was measured
	 * @param metric what
	 * @param value the figure (the median when measured in rounds)
	 * @param unit its unit
	 * @param spread the rounds' lowest and highest ("" when measured once)
	 */
	record Row(String contender, String metric, double value, String unit, String spread, List<Double> rounds) {

		Row(String contender, String metric, double value, String unit) {
			this(contender, metric, value, unit, "", List.of());
		}

		Row(String contender, String metric, double value, String unit, String spread) {
			this(contender, metric, value, unit, spread, List.of());
		}

	}

	/** Ratios of medians, added after the figures they are taken from. */
	private final List<Row> ratios = new ArrayList<>();

	private final List<Row> rows = new ArrayList<>();

	private final List<String> notes = new ArrayList<>();

	/** Figures measured in rounds, by contender, metric and unit, in the order first seen. */
	private final Map<List<String>, List<Double>> rounds = new LinkedHashMap<>();

	void add(String contender, String metric, double value, String unit) {
		this.rows.add(new Row(contender, metric, value, unit));
	}

	/** Keep one round's figure; {@link #addRounds()} turns them into rows. */
	void round(String contender, String metric, double value, String unit) {
		this.rounds.computeIfAbsent(List.of(contender, metric, unit), key -> new ArrayList<>()).add(value);
	}

	/** One round's figures of a contender and metric so far. */
	List<Double> rounds(String contender, String metric) {
		return this.rounds.entrySet()
			.stream()
			.filter(e -> e.getKey().get(0).equals(contender) && e.getKey().get(1).equals(metric))
			.map(Map.Entry::getValue)
			.findFirst()
			.orElse(List.of());
	}

	/**
	 * A ratio of two figures measured in rounds, as the ratio of their medians (not the
	 * median of per-round ratios, which moves with the noise of single rounds more than
	 * with the code); the per-round ratios are its spread and kept with it.
	 * @param contender whose ratio
	 * @param metric its name
	 * @param ours the numerator's rounds
	 * @param theirs the denominator's rounds
	 */
	void ratioOfMedians(String contender, String metric, List<Double> ours, List<Double> theirs) {
		if (ours.isEmpty() || theirs.isEmpty()) {
			return;
		}
		List<Double> perRound = new ArrayList<>();
		for (int i = 0; i < Math.min(ours.size(), theirs.size()); i++) {
			perRound.add(ours.get(i) / theirs.get(i));
		}
		this.ratios.add(new Row(contender, metric, median(ours) / median(theirs), "x", spread(perRound), perRound));
	}

	private static String spread(List<Double> values) {
		return (values.size() < 2) ? ""
				: fmt(values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN)) + " - "
						+ fmt(values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
	}

	/**
	 * Add the median and spread of every figure kept by {@link #round}, and forget them.
	 * @param order the contenders in the order their rows should appear (others after them)
	 */
	void addRounds(List<String> order) {
		List<Map.Entry<List<String>, List<Double>>> entries = new ArrayList<>(this.rounds.entrySet());
		entries.sort(Comparator.comparingInt(e -> {
			int index = order.indexOf(e.getKey().get(0));
			return (index < 0) ? order.size() : index;
		}));
		entries.forEach(entry -> addRound(entry.getKey(), entry.getValue()));
		this.rounds.clear();
		this.rows.addAll(this.ratios);
		this.ratios.clear();
	}

	private void addRound(List<String> key, List<Double> values) {
		this.rows.add(new Row(key.get(0), key.get(1), median(values), key.get(2), spread(values), List.copyOf(values)));
	}

	/** A line printed above the table (the seed, the database settings, ...). */
	void note(String note) {
		this.notes.add(note);
	}

	List<Row> rows() {
		return List.copyOf(this.rows);
	}

	/** The value of a row, NaN when there is none. */
	double value(String contender, String metric) {
		return this.rows.stream()
			.filter(r -> r.contender().equals(contender) && r.metric().equals(metric))
			.mapToDouble(Row::value)
			.findFirst()
			.orElse(Double.NaN);
	}

	static double median(List<Double> values) {
		if (values.isEmpty()) {
			return Double.NaN;
		}
		List<Double> sorted = values.stream().sorted().toList();
		int middle = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
	}

	static String fmt(double value) {
		return String.format(Locale.ROOT, (Math.abs(value) >= 100) ? "%.0f" : "%.2f", value);
	}

	static String machine() {
		return Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version") + ", "
				+ System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", max heap "
				+ (Runtime.getRuntime().maxMemory() >> 20) + " MB, JVM "
				+ ManagementFactory.getRuntimeMXBean().getVmName();
	}

	String markdown(Mode mode) {
		StringBuilder md = new StringBuilder();
		md.append("ShopHooks benchmarks, mode ").append(mode.name()).append(" (").append(mode.events())
			.append(" events per throughput run, ").append(mode.rounds()).append(" rounds), ").append(machine())
			.append("\n\n");
		this.notes.forEach(note -> md.append("- ").append(note).append('\n'));
		md.append("\n| contender | metric | value | unit | spread (lowest - highest round) |\n");
		md.append("| --- | --- | ---: | --- | --- |\n");
		for (Row row : this.rows) {
			md.append("| ").append(row.contender()).append(" | ").append(row.metric()).append(" | ")
				.append(fmt(row.value())).append(" | ").append(row.unit()).append(" | ").append(row.spread())
				.append(" |\n");
		}
		return md.toString();
	}

	void write(Path out, Mode mode) throws IOException {
		StringBuilder csv = new StringBuilder("contender,metric,value,unit,spread,rounds\n");
		for (Row row : this.rows) {
			csv.append('"').append(row.contender()).append("\",\"").append(row.metric()).append("\",")
				.append(String.format(Locale.ROOT, "%.4f", row.value())).append(",\"").append(row.unit())
				.append("\",\"").append(row.spread()).append("\",\"")
				.append(String.join(" ", row.rounds().stream().map(v -> String.format(Locale.ROOT, "%.4f", v)).toList()))
				.append("\"\n");
		}
		Files.writeString(out.resolve("results.csv"), csv, StandardCharsets.UTF_8);
		Files.writeString(out.resolve("results.md"), markdown(mode), StandardCharsets.UTF_8);
		Map<String, Double> throughput = new LinkedHashMap<>();
		this.rows.stream()
			.filter(r -> r.metric().equals("deliveries/s") && !r.contender().contains("receiver answering"))
			.forEach(r -> throughput.put(r.contender(), r.value()));
		Files.writeString(out.resolve("throughput.svg"), chart(throughput), StandardCharsets.UTF_8);
	}

	static String chart(Map<String, Double> values) {
		double max = values.values().stream().mapToDouble(Double::doubleValue).max().orElse(1);
		int barHeight = 28;
		int width = 820;
		int labelWidth = 390;
		StringBuilder svg = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + width
				+ "\" height=\"" + (values.size() * (barHeight + 10) + 40)
				+ "\" font-family=\"sans-serif\" font-size=\"12\">");
		svg.append("<text x=\"4\" y=\"16\" font-weight=\"bold\">Deliveries per second while the shop commits, "
				+ "median of the rounds (higher is better)</text>");
		int y = 30;
		for (Map.Entry<String, Double> entry : values.entrySet()) {
			double w = (width - labelWidth - 80) * entry.getValue() / max;
			svg.append("<text x=\"4\" y=\"").append(y + 18).append("\">").append(escape(entry.getKey())).append("</text>");
			svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>",
					labelWidth, y, w, barHeight, entry.getKey().startsWith("ShopHooks") ? "#2680c2" : "#9fb3c8"));
			svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%.0f/s</text>", labelWidth + w + 6, y + 18,
					entry.getValue()));
			y += barHeight + 10;
		}
		return svg.append("</svg>").toString();
	}

	private static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;");
	}

}
