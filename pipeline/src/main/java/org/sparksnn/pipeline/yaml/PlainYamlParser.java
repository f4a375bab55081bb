package org.sparksnn.pipeline.yaml;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.Set;
import org.sparksnn.ops.ConfigException;

/**
 * A YAML parser that admits plain data only: it fails with a {@link ConfigException} naming the
 * file, line and column on an anchor ({@code &name}), an alias ({@code *name}) or a tag other than
 * the core scalar and collection tags ({@code !!str}, {@code !!int}, …).
 *
 * <p>Jackson never instantiates types from tags and never expands aliases (so an alias bomb cannot
 * explode), but it would read an alias as the plain string of its name and silently drop tags;
 * rejecting both makes such a config an error instead of a wrong value.
 */
final class PlainYamlParser extends JsonParserDelegate {
  private static final String CORE = "tag:yaml.org,2002:";
  private static final Set<String> CORE_TAGS =
      Set.of("str", "int", "float", "bool", "null", "map", "seq");

  private final YAMLParser yaml;
  private final String source;

  /** Wraps {@code parser} (from a {@code YAMLFactory}); {@code source} names the file in errors. */
  PlainYamlParser(YAMLParser parser, String source) {
    super(parser);
    this.yaml = parser;
    this.source = source;
  }

  @Override
  public JsonToken nextToken() throws IOException {
    JsonToken t = super.nextToken();
    if (t == null) {
      return null;
    }
    if (yaml.isCurrentAlias()) {
      throw reject("YAML aliases are not supported (*" + yaml.getText() + ")", "write the value out");
    }
    if (yaml.getCurrentAnchor() != null) {
      throw reject(
          "YAML anchors are not supported (&" + yaml.getCurrentAnchor() + ")",
          "write the values out");
    }
    String tag = yaml.getTypeId();
    if (tag != null
        && !(tag.startsWith(CORE) && CORE_TAGS.contains(tag.substring(CORE.length())))) {
      throw reject(
          "YAML tag '" + tag + "' is not allowed", "configs hold plain data only (no types)");
    }
    return t;
  }

  private ConfigException reject(String what, String hint) {
    JsonLocation loc = yaml.currentTokenLocation();
    return new ConfigException(
        source
            + ": "
            + what
            + " at line "
            + loc.getLineNr()
            + ", column "
            + loc.getColumnNr()
            + "; "
            + hint);
  }

  /** The parser {@code p} wrapped, as a {@link JsonParser}. */
  static JsonParser wrap(JsonParser p, String source) {
    return new PlainYamlParser((YAMLParser) p, source);
  }
}
