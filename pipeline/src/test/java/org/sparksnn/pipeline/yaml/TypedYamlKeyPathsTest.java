package org.sparksnn.pipeline.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sparksnn.ops.ConfigException;

/**
 * {@link TypedYaml#keyPaths} lists the keys the unknown-key check accepts: nested records, lists
 * and maps of records, {@code type}-selected subtypes, and free-form values as leaves.
 */
class TypedYamlKeyPathsTest {
  /** A config with every kind of key. */
  public record Doc(
      String name,
      Section section,
      List<Item> items,
      Map<String, Section> named,
      Map<String, String> extra,
      List<Double> values,
      Object free) {}

  /** A nested section. */
  public record Section(Integer size, Boolean on) {}

  /** A list entry selected by {@code type}. */
  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
  @JsonSubTypes({
    @JsonSubTypes.Type(value = Item.Plain.class, name = "plain"),
    @JsonSubTypes.Type(value = Item.Nested.class, name = "nested")
  })
  public sealed interface Item {
    /** No keys besides {@code type}. */
    record Plain() implements Item {}

    /** A key and a nested section. */
    record Nested(String label, Section inner) implements Item {}
  }

  /** A record that holds itself. */
  public record Tree(String label, List<Tree> children) {}

  @Test
  void listsEveryKeyWithListsMapsAndTypeSelectedSubtypesMarked() {
    assertEquals(
        List.of(
            "name",
            "section",
            "section.size",
            "section.on",
            "items",
            "items[].type",
            "items[]{plain}",
            "items[]{nested}",
            "items[]{nested}.label",
            "items[]{nested}.inner",
            "items[]{nested}.inner.size",
            "items[]{nested}.inner.on",
            "named",
            "named.*.size",
            "named.*.on",
            "extra",
            "values",
            "free"),
        new TypedYaml().keyPaths(Doc.class));
  }

  @Test
  void doesNotWalkARecordInsideItself() {
    assertEquals(
        List.of("label", "children"),
        new TypedYaml().keyPaths(Tree.class));
  }

  @Test
  void everyListedKeyIsAcceptedAndAKeyBesideThemIsUnknown() {
    String yaml =
        """
        name: a
        section: {size: 1, on: true}
        items: [{type: plain}, {type: nested, label: b, inner: {size: 2, on: false}}]
        named: {x: {size: 3, on: true}}
        extra: {k: v}
        values: [1.0]
        free: anything
        """;
    Doc doc = new TypedYaml().load(yaml, "t.yaml", List.of(), Doc.class);
    assertEquals(new Section(1, true), doc.section());
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                new TypedYaml()
                    .load(yaml, "t.yaml", List.of("items.1.inner.sizes=4"), Doc.class));
    assertTrue(e.getMessage().contains("unknown key 'items[1].inner.sizes'"), e.getMessage());
  }
}
