package io.porthunter.capture;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The read-only capture corpus beside the worktree, with its ground truth. */
final class SharedCaptures {
  static final Path DIR = Path.of("..", "shared", "captures");

  private SharedCaptures() {}

  /** Label objects of labels.json; skips the calling test loudly when the corpus is absent. */
  static List<JsonNode> labels() throws IOException {
    Path labels = DIR.resolve("labels.json");
    assumeTrue(Files.isRegularFile(labels),
        "SKIPPED: shared capture corpus not found at " + DIR.toAbsolutePath()
            + " - oracle/split tests need ../shared/captures");
    List<JsonNode> out = new ArrayList<>();
    JsonMapper.builder().build().readTree(labels.toFile()).forEach(out::add);
    return out;
  }

  static Path file(JsonNode label) {
    return DIR.resolve(label.get("file").asString());
  }
}
