package org.sparksnn.pipeline.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparksnn.ops.ConfigException;

/**
 * Hostile YAML: alias bombs ("billion laughs"), tags naming Java types, documents that are not a
 * mapping. Only plain data is ever built; every rejection is a {@link ConfigException} naming the
 * file.
 */
class TypedYamlSafetyTest {
  /** A config record with one free-form section, like the real ones. */
  public record Doc(String name, java.util.Map<String, Object> extra) {}

  private static Doc load(String yaml) {
    return new TypedYaml().load(yaml, "conf/x.yaml", List.of(), Doc.class);
  }

  private static String error(String yaml) {
    return assertThrows(ConfigException.class, () -> load(yaml)).getMessage();
  }

  @Test
  void aliasBombIsRejectedAtItsFirstAlias() {
    // 9 levels of 10 aliases each: 10^9 strings if a loader expanded them
    StringBuilder y =
        new StringBuilder("name: x\nextra:\n  l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (int level = 1; level < 10; level++) {
      y.append("  l").append(level).append(": &l").append(level).append(" [");
      for (int k = 0; k < 10; k++) {
        y.append(k == 0 ? "" : ", ").append("*l").append(level - 1);
      }
      y.append("]\n");
    }
    String msg = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> error(y.toString()));
    assertEquals(
        "conf/x.yaml: YAML anchors are not supported (&l0) at line 3, column 7; write the values out",
        msg);
  }

  @Test
  void aliasIsAnErrorNotTheStringOfItsName() {
    // Jackson would read "*n" as the string "n": a silently wrong value
    assertEquals(
        "conf/x.yaml: YAML aliases are not supported (*n) at line 1, column 7; write the value out",
        error("name: *n\n"));
  }

  @Test
  void tagsNamingJavaTypesAreRejectedNamingTheTag() {
    String url = error("name: x\nextra:\n  url: !!java.net.URL [\"http://example.com\"]\n");
    assertTrue(url.startsWith("conf/x.yaml: YAML tag '"), url);
    assertTrue(url.contains("java.net.URL' is not allowed at line 3"), url);
    String process = error("name: !!java.lang.ProcessBuilder touch\n");
    assertTrue(process.contains("java.lang.ProcessBuilder' is not allowed at line 1"), process);
    String local = error("name: !shell rm\n");
    assertTrue(local.contains("YAML tag 'shell' is not allowed"), local);
  }

  @Test
  void coreTagsArePlainData() {
    Doc d = load("name: !!str 5\nextra: !!map {n: !!int 3, f: !!float 0.5, b: !!bool true}\n");
    assertEquals("5", d.name());
    assertEquals(3, d.extra().get("n"));
    assertEquals(0.5, d.extra().get("f"));
    assertEquals(true, d.extra().get("b"));
  }

  @Test
  void documentThatIsNotAMappingIsNamed() {
    assertEquals("conf/x.yaml: top level must be a YAML mapping, found STRING", error("just a string\n"));
    assertEquals("conf/x.yaml: top level must be a YAML mapping, found NUMBER", error("42\n"));
    assertEquals("conf/x.yaml: empty config, expected a YAML mapping", error(""));
    assertEquals("conf/x.yaml: empty config, expected a YAML mapping", error("# only a comment\n"));
  }

  @Test
  void sectionThatIsNotAMappingNamesTheKey() {
    String msg = error("name: x\nextra: [1, 2]\n");
    assertTrue(msg.startsWith("conf/x.yaml: extra"), msg);
  }

  @Test
  void secondDocumentIsRejected() {
    String msg = error("name: a\n---\nname: b\n");
    assertTrue(msg.startsWith("conf/x.yaml: "), msg);
  }
}
