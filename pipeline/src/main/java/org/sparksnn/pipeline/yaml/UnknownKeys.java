package org.sparksnn.pipeline.yaml;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyName;
import com.fasterxml.jackson.databind.introspect.AnnotatedClass;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds the first key of a config tree (in document order) that its record type does not declare.
 *
 * <p>Jackson builds a record from the keys it knows and only then looks at the unknown ones, so a
 * misspelt required key ({@code epoch:} for {@code epochs:}) would be reported as the required key
 * missing. Checking the keys against the types first reports the misspelling itself.
 *
 * <p>A key is known if Jackson could bind it: a property with a constructor parameter, setter or
 * field, one of its aliases, an ignored name, or the type id property of a polymorphic type. A
 * type with no such property (a delegating creator, a custom deserializer), maps with any keys
 * and {@code Object} values are not looked into; Jackson still checks those while binding.
 */
final class UnknownKeys {
  /**
   * A key the config's types do not declare.
   *
   * @param path key path, e.g. {@code model.layers[0].unit}
   * @param name the key itself, e.g. {@code unit}
   * @param known the keys known at that level, sorted
   */
  record Found(String path, String name, List<String> known) {}

  private final DeserializationConfig config;

  UnknownKeys(DeserializationConfig config) {
    this.config = config;
  }

  /** The first key of {@code tree} that {@code type} does not declare, or null. */
  Found first(JsonNode tree, Class<?> type) {
    return first(tree, config.constructType(type), "");
  }

  private Found first(JsonNode node, JavaType type, String path) {
    if (node == null || type == null) {
      return null;
    }
    if (type.isArrayType() || type.isCollectionLikeType()) {
      for (int i = 0; node.isArray() && i < node.size(); i++) {
        Found f = first(node.get(i), type.getContentType(), path + "[" + i + "]");
        if (f != null) {
          return f;
        }
      }
      return null;
    }
    if (type.isMapLikeType()) {
      if (!node.isObject()) {
        return null;
      }
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        Found f = first(e.getValue(), type.getContentType(), join(path, e.getKey()));
        if (f != null) {
          return f;
        }
      }
      return null;
    }
    if (!node.isObject() || !isRecordLike(type)) {
      return null;
    }
    AnnotatedClass annotated = config.introspectClassAnnotations(type).getClassInfo();
    String typeProperty = null;
    JsonTypeInfo info = annotated.getAnnotation(JsonTypeInfo.class);
    if (info != null) {
      if (info.use() != JsonTypeInfo.Id.NAME) {
        return null;
      }
      typeProperty = typeProperty(info);
      type = subtype(annotated, type, node.path(typeProperty).asText(null));
      if (type == null) {
        return null; // a missing or unknown type id: Jackson names the known ones
      }
    }
    BeanDescription bean = config.introspect(type);
    JsonIgnoreProperties ignore = bean.getClassInfo().getAnnotation(JsonIgnoreProperties.class);
    if (ignore != null && ignore.ignoreUnknown()) {
      return null;
    }
    Map<String, JavaType> properties = new HashMap<>();
    List<String> known = new ArrayList<>();
    for (BeanPropertyDefinition p : bindable(bean)) {
      properties.put(p.getName(), p.getPrimaryType());
      known.add(p.getName());
      for (PropertyName alias : p.findAliases()) {
        properties.put(alias.getSimpleName(), p.getPrimaryType());
      }
    }
    if (properties.isEmpty()) {
      return null;
    }
    known.sort(null);
    for (String ignored : bean.getIgnoredPropertyNames()) {
      properties.put(ignored, null);
    }
    if (typeProperty != null) {
      properties.put(typeProperty, null);
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      String key = join(path, e.getKey());
      if (!properties.containsKey(e.getKey())) {
        return new Found(key, e.getKey(), List.copyOf(known));
      }
      Found f = first(e.getValue(), properties.get(e.getKey()), key);
      if (f != null) {
        return f;
      }
    }
    return null;
  }

  /**
   * Every key path a config tree of {@code type} may hold, as {@link #first} knows the keys (by
   * their names, not their aliases), in the order Jackson lists each type's properties.
   *
   * <p>A key nested in a mapping follows its parent's path after a dot ({@code train.epochs}); the
   * keys of a list's elements follow the list's path and {@code []} ({@code model.layers[].units});
   * those of a map's values (a map with free keys) follow {@code .*}. A type selected by a {@code
   * type} property lists that property once ({@code encode.encoder.type}), then each subtype as the
   * path and its type id in braces ({@code encode.encoder{poisson}}), followed by the subtype's
   * keys ({@code encode.encoder{poisson}.maxRateHz}). A key whose value is a scalar, a free-form
   * value, a list or a map of such is a path of its own with nothing below it ({@code spark}). A
   * type already being walked is not walked again inside itself.
   */
  List<String> paths(Class<?> type) {
    List<String> out = new ArrayList<>();
    walk(config.constructType(type), "", out, new ArrayList<>());
    return List.copyOf(out);
  }

  /** Adds the key paths below {@code path}, whose value is of {@code type}, to {@code out}. */
  private void walk(JavaType type, String path, List<String> out, List<Class<?>> walking) {
    if (type.isArrayType() || type.isCollectionLikeType()) {
      walk(type.getContentType(), path + "[]", out, walking);
      return;
    }
    if (type.isMapLikeType()) {
      walk(type.getContentType(), path + ".*", out, walking);
      return;
    }
    if (!isRecordLike(type) || walking.contains(type.getRawClass())) {
      return;
    }
    walking.add(type.getRawClass());
    AnnotatedClass annotated = config.introspectClassAnnotations(type).getClassInfo();
    JsonTypeInfo info = annotated.getAnnotation(JsonTypeInfo.class);
    if (info != null) {
      if (info.use() == JsonTypeInfo.Id.NAME) {
        out.add(join(path, typeProperty(info)));
        for (NamedType named :
            config.getSubtypeResolver().collectAndResolveSubtypesByTypeId(config, annotated)) {
          if (named.hasName() && type.getRawClass().isAssignableFrom(named.getType())) {
            out.add(path + "{" + named.getName() + "}");
            keys(
                config.getTypeFactory().constructSpecializedType(type, named.getType()),
                path + "{" + named.getName() + "}",
                out,
                walking);
          }
        }
      }
    } else {
      keys(type, path, out, walking);
    }
    walking.remove(walking.size() - 1);
  }

  /** Adds the keys of record-like {@code type} and those below them to {@code out}. */
  private void keys(JavaType type, String path, List<String> out, List<Class<?>> walking) {
    for (BeanPropertyDefinition p : bindable(config.introspect(type))) {
      String key = join(path, p.getName());
      out.add(key);
      walk(p.getPrimaryType(), key, out, walking);
    }
  }

  /** The properties of {@code bean} that Jackson could bind from a config key. */
  private static List<BeanPropertyDefinition> bindable(BeanDescription bean) {
    List<BeanPropertyDefinition> out = new ArrayList<>();
    for (BeanPropertyDefinition p : bean.findProperties()) {
      if (p.couldDeserialize()) {
        out.add(p);
      }
    }
    return out;
  }

  /** The name of the property that holds a polymorphic type's id. */
  private static String typeProperty(JsonTypeInfo info) {
    return info.property().isEmpty() ? info.use().getDefaultPropertyName() : info.property();
  }

  /** The subtype of polymorphic {@code type} named {@code id}, or null. */
  private JavaType subtype(AnnotatedClass annotated, JavaType type, String id) {
    if (id == null) {
      return null;
    }
    for (NamedType named :
        config.getSubtypeResolver().collectAndResolveSubtypesByTypeId(config, annotated)) {
      if (id.equals(named.getName()) && type.getRawClass().isAssignableFrom(named.getType())) {
        return config.getTypeFactory().constructSpecializedType(type, named.getType());
      }
    }
    return null;
  }

  /** A type whose YAML form is a mapping of named properties (not a JDK or JSON tree type). */
  private static boolean isRecordLike(JavaType type) {
    Class<?> raw = type.getRawClass();
    return !type.isPrimitive()
        && !type.isEnumType()
        && !raw.getName().startsWith("java.")
        && !JsonNode.class.isAssignableFrom(raw);
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /**
   * The key of {@code known} that {@code name} most likely misspells, or null: one equal to it
   * but for case, or one at most {@code max(1, length / 3)} edits away (an edit inserts, deletes
   * or replaces a character, or swaps two adjacent ones); the first such key in {@code known}'s
   * order at the smallest distance.
   */
  static String closest(String name, List<String> known) {
    String lower = name.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      int d = distance(lower, k.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    return bestDistance <= Math.max(1, name.length() / 3) ? best : null;
  }

  /** The optimal string alignment distance between {@code a} and {@code b}. */
  private static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
