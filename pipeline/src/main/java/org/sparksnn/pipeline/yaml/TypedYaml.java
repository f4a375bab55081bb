package org.sparksnn.pipeline.yaml;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.sparksnn.ops.ConfigException;

/**
 * Reads a YAML config into a typed record, applies {@code --set key.path=value} overrides (a
 * numeric segment indexes a list: {@code model.layers.1.units=64}), and
 * turns every Jackson error into a {@link ConfigException} of the form {@code "<file>: <key path>
 * <constraint>, got <value>"}.
 *
 * <p>Only plain YAML data is accepted: tags never instantiate types (Jackson's YAML parser builds
 * a JSON-like tree), anchors, aliases and non-core tags are errors ({@link PlainYamlParser}), and
 * unknown keys are errors. Unknown keys are looked for before anything else is checked ({@link
 * UnknownKeys}), so a misspelt required key is reported as unknown, with its line and the known
 * key it resembles, rather than as the required key missing.
 */
public final class TypedYaml {
  private final ObjectMapper yaml;

  public TypedYaml() {
    this.yaml =
        new ObjectMapper(
                YAMLFactory.builder()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .disable(YAMLGenerator.Feature.USE_NATIVE_TYPE_ID)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .registerModule(DomainChecks.module());
  }

  /** Parses {@code in} (named {@code source} in errors) with {@code overrides} into {@code type}. */
  public <T> T load(InputStream in, String source, List<String> overrides, Class<T> type) {
    return load(in, source, overrides, type, List.of());
  }

  /**
   * As {@link #load(InputStream, String, List, Class)}, and a list given at one of {@code
   * nonEmptyLists} (key paths such as {@code sweep.dt}) must hold at least one value: there a
   * missing key means a default, and an empty list is a mistake rather than a choice.
   */
  public <T> T load(
      InputStream in,
      String source,
      List<String> overrides,
      Class<T> type,
      List<String> nonEmptyLists) {
    return load(in, source, overrides, o -> "--set " + o, type, nonEmptyLists);
  }

  /**
   * As {@link #load(String, String, List, Class)}, with each override named in errors by {@code
   * overrideName} (given the override, {@code key.path=value}) rather than as {@code --set
   * key.path=value}: a training grid applies each point's values to the config as overrides.
   */
  public <T> T load(
      String text,
      String source,
      List<String> overrides,
      Function<String, String> overrideName,
      Class<T> type) {
    return load(
        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
        source,
        overrides,
        overrideName,
        type,
        List.of());
  }

  private <T> T load(
      InputStream in,
      String source,
      List<String> overrides,
      Function<String, String> overrideName,
      Class<T> type,
      List<String> nonEmptyLists) {
    Map<String, Integer> lines = new HashMap<>();
    JsonNode tree = readTree(in, source, lines);
    for (String override : overrides) {
      applyOverride(tree, override, overrideName.apply(override));
    }
    Origins origins = new Origins(source, overrides, overrideName);
    // before binding: Jackson would report a misspelt required key as the key missing
    UnknownKeys.Found unknown = new UnknownKeys(yaml.getDeserializationConfig()).first(tree, type);
    if (unknown != null) {
      throw new ConfigException(
          unknownKey(origins, lines, unknown.path(), unknown.name(), unknown.known()));
    }
    for (String key : nonEmptyLists) {
      JsonNode node = tree;
      for (String part : key.split("\\.")) {
        node = node.path(part);
      }
      if (node.isArray() && node.isEmpty()) {
        throw new ConfigException(
            origins.of(key)
                + ": "
                + key
                + " must list at least one value, got []; leave the key out for the default");
      }
    }
    return convert(tree, origins, type);
  }

  /**
   * {@code "<origin>: unknown key '<path>' at line <n> (did you mean '<key>'?); known keys: …"};
   * the line if the key is in the file, the suggestion if a known key is close to it.
   */
  private static String unknownKey(
      Origins origins, Map<String, Integer> lines, String path, String name, List<String> known) {
    String origin = origins.of(path);
    Integer line = origin.equals(origins.source()) ? lines.get(path) : null;
    String suggestion = UnknownKeys.closest(name, known);
    return origin
        + ": unknown key '"
        + path
        + "'"
        + (line == null ? "" : " at line " + line)
        + (suggestion == null ? "" : " (did you mean '" + suggestion + "'?)")
        + (known.isEmpty() ? "" : "; known keys: " + String.join(", ", known));
  }

  /** Parses a YAML document held in a string (tests, embedded defaults). */
  public <T> T load(String text, String source, List<String> overrides, Class<T> type) {
    return load(text, source, overrides, type, List.of());
  }

  /** Parses a YAML document held in a string, with lists that must not be empty. */
  public <T> T load(
      String text, String source, List<String> overrides, Class<T> type, List<String> nonEmptyLists) {
    return load(
        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
        source,
        overrides,
        type,
        nonEmptyLists);
  }

  /**
   * Every key path a config of {@code type} may hold: the keys the unknown-key check accepts,
   * nested ones after their parent's path and a dot, e.g. {@code name}, {@code encode}, {@code
   * encode.encoder}, {@code encode.encoder.type}, {@code encode.encoder{poisson}}, {@code
   * encode.encoder{poisson}.maxRateHz}, {@code model.layers[].name}: a list's elements after
   * {@code []}, a {@code type}-selected subtype's keys after its type id in braces, a free-form
   * map's values after {@code .*}. For references and tests of them; parsing does not use it.
   */
  public List<String> keyPaths(Class<?> type) {
    return new UnknownKeys(yaml.getDeserializationConfig()).paths(type);
  }

  /** The YAML form of a (resolved) config record, as written beside every output. */
  public String toYaml(Object config) {
    try {
      return yaml.writerWithDefaultPrettyPrinter().writeValueAsString(config);
    } catch (JsonProcessingException e) {
      throw new ConfigException("cannot write config: " + e.getOriginalMessage(), e);
    }
  }

  /** A record as a plain map (as it would be written to YAML), for free-form sections. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> toMap(Object record) {
    return yaml.convertValue(record, Map.class);
  }

  /** The YAML mapping in {@code in}; the line of each key goes into {@code lines}. */
  private JsonNode readTree(InputStream in, String source, Map<String, Integer> lines) {
    try (JsonParser parser =
        new KeyLines(PlainYamlParser.wrap(yaml.getFactory().createParser(in), source), lines)) {
      JsonNode tree = yaml.readTree(parser);
      if (tree == null || tree.isMissingNode() || tree.isNull()) {
        throw new ConfigException(source + ": empty config, expected a YAML mapping");
      }
      if (!tree.isObject()) {
        throw new ConfigException(
            source + ": top level must be a YAML mapping, found " + tree.getNodeType());
      }
      if (parser.nextToken() != null) {
        throw new ConfigException(source + ": more than one YAML document, expected one mapping");
      }
      return tree;
    } catch (JsonProcessingException e) {
      throw new ConfigException(source + ": " + syntaxError(e, true), e);
    } catch (IOException e) {
      throw new ConfigException(source + ": cannot read: " + e.getMessage(), e);
    }
  }

  /**
   * A parse error with its key path and position: a duplicate key, a non-finite number
   * ({@code .nan}, {@code .inf}) or YAML that does not parse.
   */
  private static String syntaxError(JsonProcessingException e, boolean withLine) {
    String msg = firstLine(e.getOriginalMessage());
    // the parser stands after the value: its line is the key's, its column is not
    String at =
        !withLine || e.getLocation() == null || e.getLocation().getLineNr() < 1
            ? ""
            : " at line " + e.getLocation().getLineNr();
    String key =
        e.getProcessor() instanceof JsonParser p ? keyPath(p.getParsingContext()) : "";
    if (msg.startsWith("Duplicate field '")) {
      String name = msg.substring("Duplicate field '".length(), msg.indexOf('\'', 17));
      String full = key.isEmpty() || key.endsWith(name) ? key : key + "." + name;
      return "duplicate key '" + (full.isEmpty() ? name : full) + "'" + at
          + "; each key may appear once";
    }
    if (msg.startsWith("Malformed numeric value")) {
      String value = msg.substring(msg.indexOf('\'') + 1, msg.lastIndexOf('\''));
      boolean nonFinite = value.toLowerCase(java.util.Locale.ROOT).matches("[-+]?\\.(nan|inf)");
      return (key.isEmpty() ? "" : key + " ")
          + (nonFinite ? "must be a finite number" : "must be a number")
          + ", got '"
          + value
          + "'"
          + at;
    }
    String yamlProblem = YamlSyntax.describe(e, !withLine);
    if (yamlProblem != null) {
      return "not valid YAML: "
          + yamlProblem
          + (yamlProblem.startsWith("expected <block end>") ? "; check the indentation" : "");
    }
    return "not valid YAML: " + msg + (msg.contains(" line ") ? "" : at);
  }

  /** The key path of the parser's position, e.g. {@code model.layers[1].units}. */
  static String keyPath(com.fasterxml.jackson.core.JsonStreamContext ctx) {
    java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
    for (var c = ctx; c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inArray()) {
        parts.push("[" + Math.max(0, c.getCurrentIndex()) + "]");
      } else if (c.getCurrentName() != null) {
        parts.push("." + c.getCurrentName());
      }
    }
    String path = String.join("", parts);
    return path.startsWith(".") ? path.substring(1) : path;
  }

  /** Sets {@code override}'s value in {@code root}; errors start with {@code origin}. */
  private void applyOverride(JsonNode root, String override, String origin) {
    int eq = override.indexOf('=');
    if (eq <= 0) {
      throw new ConfigException(origin + ": expected key.path=value");
    }
    String path = override.substring(0, eq);
    String[] keys = path.split("\\.", -1);
    if (List.of(keys).contains("")) {
      throw new ConfigException(
          origin
              + ": key '"
              + path
              + "' has an empty segment; expected key.path=value, e.g. train.epochs=3");
    }
    String raw = override.substring(eq + 1);
    JsonNode value;
    try {
      value = yaml.readTree(raw.isEmpty() ? "''" : raw);
      if (value == null || value.isMissingNode()) {
        value = yaml.getNodeFactory().textNode(raw);
      }
    } catch (JsonProcessingException e) {
      if (!raw.matches("(?s)\\s*[\\[{'\"].*")) {
        // not meant as YAML structure: a plain string such as @host or a: b
        value = yaml.getNodeFactory().textNode(raw);
      } else {
        String unclosed = YamlSyntax.unclosed(raw);
        String snake = YamlSyntax.problem(e, true);
        String problem =
            unclosed != null && snake != null
                ? "not valid YAML: " + unclosed + " (" + snake + ")"
                : syntaxError(e, false);
        throw new ConfigException(
            origin
                + (problem.startsWith("not valid YAML") ? ": the value is " : ": in the value, ")
                + problem,
            e);
      }
    }
    JsonNode node = root;
    for (int i = 0; i < keys.length - 1; i++) {
      JsonNode child = child(node, keys, i, origin);
      if (child == null || child.isNull()) {
        child = yaml.getNodeFactory().objectNode();
        set(node, keys, i, child, origin);
      } else if (!child.isObject() && !child.isArray()) {
        throw new ConfigException(
            origin
                + ": "
                + String.join(".", List.of(keys).subList(0, i + 1))
                + " is not a mapping or a list");
      }
      node = child;
    }
    set(node, keys, keys.length - 1, value, origin);
  }

  /** {@code node}'s child named {@code keys[i]}: a key of a mapping or an index of a list. */
  private static JsonNode child(JsonNode node, String[] keys, int i, String origin) {
    return node.isArray() ? node.get(index(node, keys, i, origin)) : node.get(keys[i]);
  }

  private static void set(JsonNode node, String[] keys, int i, JsonNode value, String origin) {
    if (node.isArray()) {
      ((com.fasterxml.jackson.databind.node.ArrayNode) node)
          .set(index(node, keys, i, origin), value);
    } else {
      ((ObjectNode) node).set(keys[i], value);
    }
  }

  /** {@code keys[i]} as an index into the list {@code node}, e.g. {@code model.layers.1.units}. */
  private static int index(JsonNode list, String[] keys, int i, String origin) {
    String path = String.join(".", List.of(keys).subList(0, i));
    if (!keys[i].matches("\\d{1,9}")) {
      throw new ConfigException(
          origin + ": " + path + " is a list; expected an index, got '" + keys[i] + "'");
    }
    int k = Integer.parseInt(keys[i]);
    if (k >= list.size()) {
      throw new ConfigException(
          origin
              + ": index "
              + k
              + " is out of range: "
              + path
              + " has "
              + list.size()
              + " entries");
    }
    return k;
  }

  private <T> T convert(JsonNode tree, Origins origins, Class<T> type) {
    try {
      return yaml.treeToValue(tree, type);
    } catch (UnrecognizedPropertyException e) {
      List<String> known =
          e.getKnownPropertyIds() == null
              ? List.of()
              : e.getKnownPropertyIds().stream().map(Object::toString).sorted().toList();
      throw new ConfigException(
          unknownKey(origins, Map.of(), path(e), e.getPropertyName(), known), e);
    } catch (ValueInstantiationException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      String where = path(e);
      if (cause instanceof KeyConflict conflict) {
        throw new ConfigException(
            origins.source() + ": " + conflict.message(where, k -> note(origins, tree, k)), e);
      }
      String msg = String.valueOf(cause.getMessage());
      // a domain type's check names the type ("RateRegularizer.l2 must be >= 0"): where the
      // field is also the record's, the record's key path replaces the type
      String unowned = msg.replaceFirst("^[A-Z]\\w*(\\([^)]*\\))?\\.", "");
      boolean aboutKey = startsWithKey(unowned, e.getType());
      msg = aboutKey ? unowned : msg;
      String full = where.isEmpty() ? msg : where + (aboutKey ? "." : ": ") + msg;
      // the message starts with the key it is about, e.g. "epochs must be > 0, got 0"
      String key = full.split("[ :]", 2)[0];
      throw new ConfigException(origins.of(key) + ": " + full, e);
    } catch (InvalidFormatException e) {
      throw new ConfigException(
          origins.of(path(e))
              + ": "
              + path(e)
              + " must be "
              + describe(e.getTargetType())
              + ", got '"
              + e.getValue()
              + "'",
          e);
    } catch (InvalidTypeIdException e) {
      String where = path(e);
      String key = where.isEmpty() ? "type" : where + ".type";
      if (e.getTypeId() == null) {
        throw new ConfigException(
            origins.of(where) + ": " + (where.isEmpty() ? "" : where + ": ") + "missing key 'type'",
            e);
      }
      throw new ConfigException(
          origins.of(key)
              + ": "
              + key
              + " must be one of "
              + knownTypeIds(e.getOriginalMessage())
              + ", got '"
              + e.getTypeId()
              + "'",
          e);
    } catch (MismatchedInputException e) {
      String what = e.getTargetType() == null ? "of another type" : describe(e.getTargetType());
      String msg = e.getOriginalMessage();
      String where = path(e);
      if (msg != null
          && (msg.startsWith("Missing required creator property")
              || msg.startsWith("Cannot map `null` into type"))) {
        throw new ConfigException(origins.of(where) + ": missing required key '" + where + "'", e);
      }
      if (msg != null && msg.contains("missing type id property")) {
        throw new ConfigException(origins.of(where) + ": " + where + ": missing key 'type'", e);
      }
      throw new ConfigException(
          origins.of(where) + ": " + where + " must be " + what + got(tree, e), e);
    } catch (JsonMappingException e) {
      throw new ConfigException(
          origins.of(path(e)) + ": " + path(e) + ": " + firstLine(e.getOriginalMessage()), e);
    } catch (JsonProcessingException e) {
      throw new ConfigException(origins.source() + ": " + firstLine(e.getOriginalMessage()), e);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(origins.source() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Where the value at {@code keyPath} came from, if not from the file: {@code ", from --set
   * <override>"}, {@code ", the default"} for a key the config leaves out, else nothing.
   */
  private static String note(Origins origins, JsonNode tree, String keyPath) {
    String origin = origins.of(keyPath);
    if (!origin.equals(origins.source())) {
      return ", from " + origin;
    }
    JsonNode node = tree;
    for (String part : keyPath.replaceAll("\\[(\\d+)]", ".$1").split("\\.")) {
      node =
          node.isArray() && part.matches("\\d{1,9}")
              ? node.path(Integer.parseInt(part))
              : node.path(part);
    }
    return node.isMissingNode() || node.isNull() ? ", the default" : "";
  }

  /** Whether {@code msg} starts with a key of {@code type}, as in "units must be > 0, got -1". */
  private boolean startsWithKey(String msg, JavaType type) {
    if (type == null) {
      return false;
    }
    String first = msg.split("[ .:\\[]", 2)[0];
    return yaml.getDeserializationConfig().introspect(type).findProperties().stream()
        .anyMatch(p -> p.getName().equals(first));
  }

  /** The type ids listed in Jackson's message ({@code known type ids = [a, b]}), or "a known type". */
  private static String knownTypeIds(String msg) {
    int i = msg == null ? -1 : msg.indexOf("known type ids = [");
    int j = i < 0 ? -1 : msg.indexOf(']', i);
    return j < 0 ? "a known type" : msg.substring(i + "known type ids = ".length(), j + 1);
  }

  /** {@code ", got <value>"} for the node an error points at, or nothing if it is not found. */
  private static String got(JsonNode tree, JsonMappingException e) {
    JsonNode node = tree;
    for (JsonMappingException.Reference ref : e.getPath()) {
      node = ref.getFieldName() != null ? node.path(ref.getFieldName()) : node.path(ref.getIndex());
    }
    if (node.isMissingNode()) {
      return "";
    }
    if (node.isObject()) {
      return ", got a mapping";
    }
    if (node.isArray()) {
      return ", got a list";
    }
    return node.isNull() ? ", got null" : ", got '" + node.asText() + "'";
  }

  /**
   * Where a key's value came from: the config file, or the last override whose key path is the
   * key or a prefix of it, named by {@code overrideName} ({@code --set key.path=value} from the
   * command line).
   */
  private record Origins(
      String source, List<String> overrides, Function<String, String> overrideName) {
    String of(String keyPath) {
      String key = keyPath.replaceAll("\\[(\\d+)]", ".$1");
      for (int i = overrides.size() - 1; i >= 0; i--) {
        String o = overrides.get(i);
        int eq = o.indexOf('=');
        String set = eq < 0 ? o : o.substring(0, eq);
        if (!key.isEmpty() && (key.equals(set) || key.startsWith(set + "."))) {
          return overrideName.apply(o);
        }
      }
      return source;
    }
  }

  private static String firstLine(String s) {
    int nl = s == null ? -1 : s.indexOf('\n');
    return nl < 0 ? String.valueOf(s) : s.substring(0, nl);
  }

  /** What a value of {@code type} must be, in config terms: "an integer", "one of [a, b]"… */
  private String describe(Class<?> type) {
    if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
      return "an integer";
    }
    if (type == double.class || type == Double.class) {
      return "a number";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a string";
    }
    if (List.class.isAssignableFrom(type)) {
      return "a list";
    }
    if (Map.class.isAssignableFrom(type)) {
      return "a mapping";
    }
    if (type.isEnum()) {
      // the names a config spells (@JsonProperty, @JsonValue), not the Java constants
      List<String> names = new ArrayList<>();
      for (Object constant : type.getEnumConstants()) {
        names.add(yaml.valueToTree(constant).asText());
      }
      return "one of " + names;
    }
    return "a mapping (" + type.getSimpleName() + ")";
  }

  /** The key path of a mapping error, e.g. {@code encode.encoder.steps} or {@code grid.dt[2]}. */
  private static String path(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.toString();
  }
}
