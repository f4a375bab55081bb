package org.sparksnn.pipeline.yaml;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import java.io.IOException;
import java.util.Map;

/**
 * A parser that notes the line of every key it reads, by key path ({@code model.layers[0].units}
 * → 15), so an error about a key can say where the file has it.
 */
final class KeyLines extends JsonParserDelegate {
  private final Map<String, Integer> lines;

  /** Wraps {@code parser}; the lines go into {@code lines}. */
  KeyLines(JsonParser parser, Map<String, Integer> lines) {
    super(parser);
    this.lines = lines;
  }

  @Override
  public JsonToken nextToken() throws IOException {
    JsonToken t = super.nextToken();
    if (t == JsonToken.FIELD_NAME) {
      lines.putIfAbsent(
          TypedYaml.keyPath(getParsingContext()), currentTokenLocation().getLineNr());
    }
    return t;
  }
}
