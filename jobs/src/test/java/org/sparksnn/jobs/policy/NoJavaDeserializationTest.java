package org.sparksnn.jobs.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The safety rule "no Java deserialization of files or network input" as a check over the
 * production sources of every module: no {@code ObjectInputStream}, no {@code readObject}, and no
 * Jackson default typing or class-name type ids (which would let a YAML file name a class to
 * instantiate). Spark's own task serialization is out of scope.
 */
class NoJavaDeserializationTest {
  private static final Pattern FORBIDDEN =
      Pattern.compile(
          "ObjectInputStream|\\breadObject\\s*\\(|readUnshared\\s*\\(|activateDefaultTyping|"
              + "enableDefaultTyping|JsonTypeInfo\\.Id\\.(MINIMAL_)?CLASS|use\\s*=\\s*(JsonTypeInfo\\.)?Id\\.(MINIMAL_)?CLASS");
  private static final List<String> MODULES =
      List.of("snn-ops", "encoders", "loihi-sim", "pipeline", "jobs");

  @Test
  void noProductionSourceDeserializesJavaObjectsOrLetsYamlNameClasses() throws IOException {
    Path root = Path.of("").toAbsolutePath().getParent();
    List<String> hits = new ArrayList<>();
    int files = 0;
    for (String module : MODULES) {
      Path src = root.resolve(module).resolve("src/main/java");
      assertTrue(Files.isDirectory(src), "missing " + src);
      try (Stream<Path> walk = Files.walk(src)) {
        for (Path f : walk.filter(p -> p.toString().endsWith(".java")).toList()) {
          files++;
          List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
          for (int i = 0; i < lines.size(); i++) {
            if (FORBIDDEN.matcher(lines.get(i)).find()) {
              hits.add(root.relativize(f) + ":" + (i + 1) + ": " + lines.get(i).strip());
            }
          }
        }
      }
    }
    assertTrue(files > 100, "scanned only " + files + " files from " + root);
    assertEquals(List.of(), hits);
  }

  @Test
  void theCheckFindsWhatItForbids() {
    for (String line :
        List.of(
            "new java.io.ObjectInputStream(in)",
            "Object o = in.readObject();",
            "mapper.activateDefaultTyping(v)",
            "@JsonTypeInfo(use = JsonTypeInfo.Id.CLASS)",
            "@JsonTypeInfo(use = Id.MINIMAL_CLASS)")) {
      assertTrue(FORBIDDEN.matcher(line).find(), line);
    }
    for (String line : List.of("@JsonTypeInfo(use = JsonTypeInfo.Id.NAME)", "readObjectCount = 3;")) {
      assertTrue(!FORBIDDEN.matcher(line).find(), line);
    }
  }
}
