package io.shophooks.webhook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shape a newcomer relies on, read from the sources: each package of the starter is a
 * room with one job and a lower room never imports a higher one (the order of the README
 * and shared/DESIGN.md); every public type of the starter and the admin UI is either named
 * in the README's "API you program against" or annotated {@link Internal}.
 */
class RoomsTests {

	/** Top to bottom; the top-level API package is below all of them. */
	private static final List<String> ROOMS = List.of("autoconfigure", "actuate", "deliveries", "dispatch", "send",
			"outbox", "capture", "endpoint", "filter", "jdbc", "");

	private static final Path STARTER = Path.of("src/main/java/io/shophooks/webhook");

	private static final Path ADMIN = Path.of("../webhook-admin-ui/src/main/java/io/shophooks/webhook/admin");

	private static final Pattern REFERENCE = Pattern.compile("io\\.shophooks\\.webhook\\.(\\w+)\\.[A-Z]");

	private static final Pattern PUBLIC_TYPE = Pattern.compile(
			"^((?:@\\w+(?:\\([^)]*\\))?\\s*\\n)*)public (?:final |abstract |sealed )*(?:class|interface|record|enum|@interface) (\\w+)",
			Pattern.MULTILINE);

	@Test
	void everyPackageOfTheStarterIsARoomAndNoLowerRoomImportsAHigherOne() {
		Map<String, List<String>> upwards = new TreeMap<>();
		for (Path file : javaFiles(STARTER)) {
			String room = room(file);
			assertThat(ROOMS).as("the room of %s", file).contains(room);
			Matcher reference = REFERENCE.matcher(read(file));
			while (reference.find()) {
				String used = reference.group(1);
				if (ROOMS.contains(used) && ROOMS.indexOf(used) < ROOMS.indexOf(room)) {
					upwards.computeIfAbsent(STARTER.relativize(file).toString(), k -> new ArrayList<>()).add(used);
				}
			}
		}
		assertThat(upwards).as("files that import a higher room").isEmpty();
	}

	@Test
	void everyPublicTypeIsNamedAsApiInTheReadmeOrMarkedInternal() {
		Set<String> api = readmeApi();
		List<String> unmarked = new ArrayList<>();
		List<String> markedButListed = new ArrayList<>();
		Set<String> found = new LinkedHashSet<>();
		for (Path root : List.of(STARTER, ADMIN)) {
			for (Path file : javaFiles(root)) {
				Matcher type = PUBLIC_TYPE.matcher(read(file));
				if (!type.find()) {
					continue;
				}
				String name = type.group(2);
				boolean internal = type.group(1).contains("@Internal");
				found.add(name);
				if (!internal && !api.contains(name)) {
					unmarked.add(name);
				}
				if (internal && api.contains(name)) {
					markedButListed.add(name);
				}
			}
		}
		assertThat(unmarked).as("public types neither in the README's API nor @Internal").isEmpty();
		assertThat(markedButListed).as("types the README calls API that are @Internal").isEmpty();
		assertThat(found).as("the README's API types exist and are public").containsAll(api);
		assertThat(api).as("the README's API list was found").hasSizeGreaterThan(30);
	}

	/** The type names in the README paragraph that starts with "The API you program against". */
	private static Set<String> readmeApi() {
		String readme = read(Path.of("../README.md"));
		int start = readme.indexOf("**The API you program against**");
		assertThat(start).as("the README's API paragraph").isNotNegative();
		String paragraph = readme.substring(start, readme.indexOf("\n\n", start));
		Set<String> names = new LinkedHashSet<>();
		Matcher code = Pattern.compile("`@?(?:\\w+\\.)*([A-Z]\\w*)`").matcher(paragraph);
		while (code.find()) {
			names.add(code.group(1));
		}
		return names;
	}

	private static String room(Path file) {
		Path relative = STARTER.relativize(file.getParent());
		return relative.toString().replace('/', '.');
	}

	private static List<Path> javaFiles(Path root) {
		try (Stream<Path> files = Files.walk(root)) {
			return files.filter(f -> f.toString().endsWith(".java") && !f.endsWith("package-info.java")).sorted().toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
