package io.porthunter.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The read-only capture corpus at {@code ../shared/captures} with its ground truth. Tests that need
 * it are skipped, with a message saying so, when it is absent.
 */
public final class Corpus {
  public static final Path DIR = Path.of("..", "shared", "captures");

  private Corpus() {}

  public static boolean present() {
    return Files.isRegularFile(DIR.resolve("labels.json"));
  }

  /** Skips the calling test loudly when the corpus is absent. */
  public static void assumePresent() {
    if (!present()) {
      System.err.println("SKIPPED: capture corpus not found at " + DIR.toAbsolutePath());
    }
    assumeTrue(present(), "SKIPPED: capture corpus not found at " + DIR.toAbsolutePath()
        + " (tests against real captures need ../shared/captures)");
  }

  /** The label objects of labels.json (empty when the corpus is absent). */
  public static List<JsonNode> labels() {
    List<JsonNode> out = new ArrayList<>();
    if (present()) {
      JsonMapper.builder().build().readTree(DIR.resolve("labels.json").toFile()).forEach(out::add);
    }
    return out;
  }

  public static Path file(JsonNode label) {
    return DIR.resolve(label.get("file").asString());
  }
}
