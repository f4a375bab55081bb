package org.sparksnn.pipeline.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparksnn.ops.Checks;
import org.sparksnn.ops.ConfigException;

/**
 * Error messages of config loading: each names where the value came from (the file, or the
 * {@code --set} that gave it), the key path, the value and the constraint.
 */
class TypedYamlTest {
  /** A config like the real ones: a nested section with checks, a typed entry, a list. */
  public record Doc(
      Train train,
      List<Double> dt,
      Shape shape,
      Required required,
      Color color,
      List<Span> spans) {}

  /** A domain type: its checks name it, as snn-ops records do. */
  public record Interval(double low, double high) {
    public Interval {
      Checks.check(high >= low, "Interval.high", "must be >= low", high);
      Checks.check(high - low < 10, "Interval.width", "must be < 10", high - low);
    }
  }

  /** A config record of {@link Interval}. */
  public record Span(double low, double high) implements DomainConfig<Interval> {
    @Override
    public Interval toDomain() {
      return new Interval(low, high);
    }
  }

  /** An enum whose config names are not its constants' names. */
  public enum Color {
    @JsonProperty("light-red")
    LIGHT_RED,
    @JsonProperty("blue")
    BLUE
  }

  /** A section whose constructor checks its values. */
  public record Train(Integer epochs, Double rate) {
    public Train {
      if (epochs != null) {
        Checks.positive("epochs", epochs);
      }
    }
  }

  /** A section whose keys must all be given, and fit together. */
  public record Required(int epochs, double maxRateHz) {
    public Required {
      if (maxRateHz > 1000 * epochs) {
        throw new KeyConflict("maxRateHz", maxRateHz, "must be <= 1000 ×", "epochs", epochs);
      }
    }
  }

  /** A typed entry, selected by {@code type}. */
  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
  @JsonSubTypes({
    @JsonSubTypes.Type(value = Shape.Square.class, name = "square"),
    @JsonSubTypes.Type(value = Shape.Circle.class, name = "circle")
  })
  public sealed interface Shape {
    /** A square. */
    record Square(Double side) implements Shape {}

    /** A circle. */
    record Circle(Double radius) implements Shape {}
  }

  private static String error(String yaml, String... overrides) {
    return assertThrows(
            ConfigException.class,
            () ->
                new TypedYaml()
                    .load(yaml, "conf/x.yaml", List.of(overrides), Doc.class, List.of("dt")))
        .getMessage();
  }

  @Test
  void duplicateKeyIsAnErrorNamingTheKeyAndLine() {
    assertEquals(
        "conf/x.yaml: duplicate key 'train.epochs' at line 3; each key may appear once",
        error("train:\n  epochs: 1\n  epochs: 2\n"));
  }

  @Test
  void nonFiniteNumbersNameTheirKeyAndLine() {
    assertEquals(
        "conf/x.yaml: train.rate must be a finite number, got '.nan' at line 2",
        error("train:\n  rate: .nan\n"));
    assertEquals(
        "conf/x.yaml: train.rate must be a finite number, got '-.inf' at line 2",
        error("train:\n  rate: -.inf\n"));
  }

  @Test
  void emptyListWhereValuesAreRequiredIsAnError() {
    assertEquals(
        "conf/x.yaml: dt must list at least one value, got []; leave the key out for the default",
        error("dt: []\n"));
    assertEquals(
        "--set dt=[]: dt must list at least one value, got []; leave the key out for the default",
        error("dt: [0.1]\n", "dt=[]"));
    // left out, the key is simply absent
    assertEquals(
        null,
        new TypedYaml().load("train: {}\n", "x", List.of(), Doc.class, List.of("dt")).dt());
  }

  @Test
  void errorsInAnOverriddenValueNameTheSetNotTheFile() {
    assertEquals(
        "--set train.epochz=2: unknown key 'train.epochz' (did you mean 'epochs'?); known keys:"
            + " epochs, rate",
        error("train: {epochs: 1}\n", "train.epochz=2"));
    assertEquals(
        "--set train.epochs=0: train.epochs must be > 0, got 0",
        error("train: {epochs: 1}\n", "train.epochs=0"));
    assertEquals(
        "--set train={epochs: -1}: train.epochs must be > 0, got -1",
        error("train: {epochs: 1}\n", "train={epochs: -1}"));
    // the file's own mistakes still name the file, whatever else was overridden
    assertEquals(
        "conf/x.yaml: train.epochs must be > 0, got 0",
        error("train: {epochs: 0}\n", "train.rate=0.1"));
  }

  @Test
  void misspeltRequiredKeyIsReportedAsUnknownWithItsLineAndTheKeyItResembles() {
    assertEquals(
        "conf/x.yaml: unknown key 'required.epoch' at line 3 (did you mean 'epochs'?); known keys:"
            + " epochs, maxRateHz",
        error("train: {epochs: 1}\nrequired:\n  epoch: 2\n  maxRateHz: 200\n"));
    assertEquals(
        "conf/x.yaml: unknown key 'required.maxRate' at line 1 (did you mean 'maxRateHz'?); known"
            + " keys: epochs, maxRateHz",
        error("required: {epochs: 2, maxRate: 200}\n"));
    assertEquals(
        "conf/x.yaml: unknown key 'required.Epochs' at line 2 (did you mean 'epochs'?); known keys:"
            + " epochs, maxRateHz",
        error("required:\n  Epochs: 2\n  maxRateHz: 200\n"));
  }

  @Test
  void unknownKeyFarFromEveryKnownOneGetsNoSuggestion() {
    assertEquals(
        "conf/x.yaml: unknown key 'required.learningRate' at line 1; known keys: epochs, maxRateHz",
        error("required: {learningRate: 2, epochs: 1, maxRateHz: 1}\n"));
  }

  @Test
  void unknownKeysAreReportedBeforeMissingOrInvalidOnes() {
    // epochs: 0 comes first in the file and is invalid, and maxRateHz is missing
    assertEquals(
        "conf/x.yaml: unknown key 'train.rat' at line 3 (did you mean 'rate'?); known keys: epochs,"
            + " rate",
        error("train:\n  epochs: 0\n  rat: 1\nrequired: {epochs: 1}\n"));
    assertEquals(
        "conf/x.yaml: unknown key 'shape.sid' at line 1 (did you mean 'side'?); known keys: side",
        error("shape: {type: square, sid: 1}\n"));
  }

  @Test
  void domainChecksNameTheKeyPathAndTheSourceOfTheValueNotTheDomainType() {
    String yaml = "spans: [{low: 0, high: 1}, {low: 2, high: 3}]\n";
    assertEquals(
        "conf/x.yaml: spans[1].high must be >= low, got 1.0",
        error(yaml.replace("high: 3", "high: 1")));
    assertEquals(
        "--set spans.1.high=-1: spans[1].high must be >= low, got -1.0",
        error(yaml, "spans.1.high=-1"));
    assertEquals(
        "--set spans.0={low: 0, high: 1e6}: spans[0]: Interval.width must be < 10, got 1000000.0",
        error(yaml, "spans.0={low: 0, high: 1e6}"));
  }

  @Test
  void conflictingKeysNameWhereEachValueCameFrom() {
    String yaml = "required:\n  epochs: 1\n  maxRateHz: 500\n";
    assertEquals(
        "conf/x.yaml: required.maxRateHz (5000.0) must be <= 1000 × required.epochs (1)",
        error(yaml.replace("500", "5000")));
    assertEquals(
        "conf/x.yaml: required.maxRateHz (5000.0, from --set required.maxRateHz=5000) must be <="
            + " 1000 × required.epochs (1)",
        error(yaml, "required.maxRateHz=5000"));
  }

  @Test
  void unknownTypeIdListsTheKnownOnesWithoutJavaNames() {
    assertEquals(
        "conf/x.yaml: shape.type must be one of [circle, square], got 'squar'",
        error("shape: {type: squar, side: 1}\n"));
  }

  @Test
  void aTypeSetByAnOverrideIsNamedAsTheOverrideAndAMissingTypeAsAMissingKey() {
    assertEquals(
        "--set shape.type=squar: shape.type must be one of [circle, square], got 'squar'",
        error("shape: {type: square, side: 1}\n", "shape.type=squar"));
    assertEquals("conf/x.yaml: shape: missing key 'type'", error("shape: {side: 1}\n"));
  }

  @Test
  void badEnumValueListsTheNamesAConfigSpellsNotTheJavaConstants() {
    assertEquals(
        "conf/x.yaml: color must be one of [light-red, blue], got 'LIGHT_RED'",
        error("color: LIGHT_RED\n"));
    assertEquals(
        "--set color=green: color must be one of [light-red, blue], got 'green'",
        error("color: blue\n", "color=green"));
    assertEquals(
        Color.LIGHT_RED,
        new TypedYaml().load("color: light-red\n", "x", List.of(), Doc.class).color());
  }

  @Test
  void yamlThatDoesNotParseGivesTheProblemWithItsLineAndColumn() {
    assertEquals(
        "conf/x.yaml: not valid YAML: expected <block end>, but found '<block mapping start>' at"
            + " line 4, column 2 (while parsing a block mapping at line 1, column 1); check the"
            + " indentation",
        error("dt: [0.1]\ntrain:\n  rate: 1\n shape:\n  type: square\n"));
    assertEquals(
        "conf/x.yaml: not valid YAML: expected ',' or ']', but got <stream end> at line 2, column 1"
            + " (while parsing a flow sequence at line 1, column 5)",
        error("dt: [0.1, 0.2\n"));
  }

  @Test
  void setKeyWithAnEmptySegmentIsASetError() {
    assertEquals(
        "--set train..epochs=3: key 'train..epochs' has an empty segment; expected key.path=value,"
            + " e.g. train.epochs=3",
        error("train: {epochs: 1}\n", "train..epochs=3"));
    assertEquals(
        "--set train.=3: key 'train.' has an empty segment; expected key.path=value, e.g."
            + " train.epochs=3",
        error("train: {epochs: 1}\n", "train.=3"));
  }

  @Test
  void setValueThatIsNotValidYamlSaysSo() {
    assertEquals(
        "--set dt=[0.001,: the value is not valid YAML: the flow sequence '[' is not closed with"
            + " ']' (expected the node content, but found '<stream end>' at column 8)",
        error("dt: [0.1]\n", "dt=[0.001,"));
    assertEquals(
        "--set train={epochs: 1: the value is not valid YAML: the flow mapping '{' is not closed"
            + " with '}' (expected ',' or '}', but got <stream end> at column 11)",
        error("dt: [0.1]\n", "train={epochs: 1"));
    assertEquals(
        "--set train={rate: .nan}: in the value, rate must be a finite number, got '.nan'",
        error("dt: [0.1]\n", "train={rate: .nan}"));
    // a value not meant as a list or mapping stays a plain string
    assertEquals(
        "--set dt=@0.1: dt must be a list, got '@0.1'", error("dt: [0.1]\n", "dt=@0.1"));
  }

  @Test
  void wrongShapeOfValueEchoesWhatWasGiven() {
    assertEquals("conf/x.yaml: dt must be a list, got '0.1'", error("dt: 0.1\n"));
    assertEquals("conf/x.yaml: train must be a mapping (Train), got a list", error("train: [1]\n"));
  }

  /** Items of a list are checked too, every one of them, and named by their index. */
  @Test
  void unknownKeyInAListItemNamesItsIndexAndLine() {
    String msg = error("spans:\n  - {low: 0, high: 1}\n  - {low: 0, hgh: 1}\n");
    assertTrue(
        msg.startsWith(
            "conf/x.yaml: unknown key 'spans[1].hgh' at line 3 (did you mean 'high'?); known keys:"),
        msg);
    msg = error("spans:\n  - {lo: 0, high: 1}\n  - {low: 0, high: 1}\n");
    assertTrue(
        msg.startsWith(
            "conf/x.yaml: unknown key 'spans[0].lo' at line 2 (did you mean 'low'?); known keys:"),
        msg);
  }
}
