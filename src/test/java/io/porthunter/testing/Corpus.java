package io.porthunter.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.function.ThrowingConsumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The read-only corpus of real captures with its ground truth (labels.json): {@code
 * $PORTHUNTER_CORPUS}, else {@code ../shared/captures} from the working directory. Tests that need
 * it are skipped, not failed, when it is absent, and stderr says so: a run that skips them has not
 * checked the decoder against tshark nor the detector against the labels.
 */
public final class Corpus {
  public static final Path DIR =
      Path.of(System.getenv().getOrDefault("PORTHUNTER_CORPUS", "../shared/captures"));

  private static final Path LABELS = DIR.resolve("labels.json");
  private static final AtomicBoolean TOLD = new AtomicBoolean();

  private Corpus() {}

  public static boolean present() {
    return Files.isRegularFile(LABELS);
  }

  /** Skips the calling test when the corpus is absent, saying so on stderr once per JVM. */
  public static void assumePresent() {
    String missing = "capture corpus not found at " + DIR.toAbsolutePath()
        + " (set PORTHUNTER_CORPUS): tests against real captures are SKIPPED";
    if (!present() && TOLD.compareAndSet(false, true)) {
      System.err.println("WARNING: " + missing);
    }
    assumeTrue(present(), missing);
  }

  /** The label objects of labels.json; skips the calling test when the corpus is absent. */
  public static List<JsonNode> labels() {
    assumePresent();
    List<JsonNode> out = new ArrayList<>();
    JsonMapper.builder().build().readTree(LABELS.toFile()).forEach(out::add);
    return out;
  }

  /**
   * The labels, named by file, as the source of a parameterised test that asks for its capture with
   * {@link #file(JsonNode)}. When the corpus is absent, one null label that {@code file} skips on: a
   * source that threw would drop the test from the counts without a word.
   */
  public static Stream<Named<JsonNode>> eachLabel() {
    if (!present()) {
      return Stream.of(Named.of("corpus absent", null));
    }
    return labels().stream().map(label -> Named.of(label.get("file").asString(), label));
  }

  /** One dynamic test per capture, named by its file; one skipped test when the corpus is absent. */
  public static Stream<DynamicTest> eachCapture(ThrowingConsumer<JsonNode> test) {
    return eachLabel().map(label -> DynamicTest.dynamicTest(label.getName(), () -> {
      assumePresent();
      test.accept(label.getPayload());
    }));
  }

  /** The capture a label describes; skips the calling test when the corpus is absent. */
  public static Path file(JsonNode label) {
    assumePresent(); // before reading the label: eachLabel's placeholder is null
    return file(label.get("file").asString());
  }

  /** A file of the corpus by name; skips the calling test when the corpus is absent. */
  public static Path file(String name) {
    assumePresent();
    return DIR.resolve(name);
  }
}
