package org.sparksnn.jobs.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.sparksnn.pipeline.yaml.TypedYaml;

/**
 * {@code conf/README.md}, the configuration reference, documents exactly the keys the config
 * parser knows ({@link TypedYaml#keyPaths} of {@link SparkSnnConfig}, the keys its unknown-key
 * check accepts), so it cannot go stale in either direction.
 *
 * <p>The reference writes a key path as {@code --set} takes it, {@code N} for a list index
 * ({@code model.layers.N.units}); a key of a {@code type}-selected mapping sits in the table under
 * a heading such as {@code #### `model.layers.N` with `type: dense`}, and that heading documents
 * the type value itself. Keys are the first cells of tables whose header's first cell is {@code
 * Key}. Here both sides are compared as {@code model.layers.N{dense}.units}.
 */
class ConfigReferenceTest {
  private static final Path REFERENCE =
      Path.of("").toAbsolutePath().getParent().resolve("conf").resolve("README.md");

  private static final Pattern VARIANT_HEADING =
      Pattern.compile("^#+ `([^`]+)` with `type: ([^`]+)`\\s*$");
  private static final Pattern FIRST_CELL = Pattern.compile("^\\|\\s*([^|]*?)\\s*\\|");
  private static final Pattern KEY_CELL = Pattern.compile("^`([^`\\s]+)`$");

  /** The keys the parser knows, in the compared form ({@code model.layers.N{dense}.units}). */
  private static Set<String> known() {
    Set<String> known = new LinkedHashSet<>();
    for (String path : new TypedYaml().keyPaths(SparkSnnConfig.class)) {
      known.add(path.replace("[]", ".N"));
    }
    return known;
  }

  /** What the reference documents, in the compared form, and the rows it cannot place. */
  private record Documented(List<String> keys, List<String> misplaced) {}

  private static Documented documented() throws IOException {
    List<String> keys = new ArrayList<>();
    List<String> misplaced = new ArrayList<>();
    String prefix = null;
    String typeId = null;
    boolean inTable = false;
    boolean keyTable = false;
    List<String> lines = Files.readAllLines(REFERENCE);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.startsWith("#")) {
        Matcher h = VARIANT_HEADING.matcher(line);
        prefix = h.matches() ? h.group(1) : null;
        typeId = h.matches() ? h.group(2) : null;
        if (prefix != null) {
          keys.add(prefix + "{" + typeId + "}");
        }
      }
      if (!line.startsWith("|")) {
        inTable = false;
        continue;
      }
      Matcher cell = FIRST_CELL.matcher(line);
      String first = cell.find() ? cell.group(1) : "";
      if (!inTable) { // the header row
        inTable = true;
        keyTable = first.equals("Key");
        continue;
      }
      if (!keyTable || first.matches("-+")) {
        continue;
      }
      Matcher key = KEY_CELL.matcher(first);
      if (!key.matches()) {
        misplaced.add("line " + (i + 1) + ": '" + first + "' is not a `key.path`");
      } else if (prefix == null) {
        keys.add(key.group(1));
      } else if (key.group(1).startsWith(prefix + ".")) {
        keys.add(prefix + "{" + typeId + "}" + key.group(1).substring(prefix.length()));
      } else {
        misplaced.add(
            "line "
                + (i + 1)
                + ": "
                + key.group(1)
                + " is under `"
                + prefix
                + "` with `type: "
                + typeId
                + "`");
      }
    }
    return new Documented(keys, misplaced);
  }

  @Test
  void referenceDocumentsEveryKeyTheParserKnows() throws IOException {
    Set<String> missing = new TreeSet<>(known());
    missing.removeAll(documented().keys());
    assertTrue(
        missing.isEmpty(),
        REFERENCE
            + " lacks a row (or a `type` heading) for "
            + missing.size()
            + " key path(s) the config parser knows ({id} = the table of that type value): "
            + String.join(", ", missing));
  }

  @Test
  void referenceNamesOnlyKeysTheParserKnows() throws IOException {
    Documented doc = documented();
    Set<String> extra = new TreeSet<>(doc.keys());
    extra.removeAll(known());
    List<String> problems = new ArrayList<>(extra);
    problems.addAll(doc.misplaced());
    assertTrue(
        problems.isEmpty(),
        REFERENCE
            + " names "
            + problems.size()
            + " key path(s) the config parser does not know ({id} = the table of that type"
            + " value): "
            + String.join(", ", problems));
  }

  @Test
  void referenceDocumentsEachKeyOnce() throws IOException {
    Set<String> seen = new LinkedHashSet<>();
    Set<String> twice = new TreeSet<>();
    for (String key : documented().keys()) {
      if (!seen.add(key)) {
        twice.add(key);
      }
    }
    assertTrue(twice.isEmpty(), REFERENCE + " documents more than once: " + String.join(", ", twice));
  }
}
