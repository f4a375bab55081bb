package org.sparksnn.pipeline.yaml;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.ArrayDeque;
import java.util.Deque;

/** Describes YAML that does not parse: SnakeYAML's problem and where it is, in one line. */
final class YamlSyntax {
  private YamlSyntax() {}

  /**
   * SnakeYAML's problem with its line and column, then what it was parsing and where, e.g.
   * {@code expected <block end>, but found '<block mapping start>' at line 4, column 2 (while
   * parsing a block mapping at line 1, column 1)}; without the lines if {@code oneLine} (a
   * {@code --set} value). Null if {@code e} is not SnakeYAML's.
   */
  static String describe(JsonProcessingException e, boolean oneLine) {
    return describe(e, oneLine, true);
  }

  /** As {@link #describe(JsonProcessingException, boolean)}, without what was being parsed. */
  static String problem(JsonProcessingException e, boolean oneLine) {
    return describe(e, oneLine, false);
  }

  @SuppressWarnings("deprecation") // Jackson 2's only type exposing SnakeYAML's marks
  private static String describe(JsonProcessingException e, boolean oneLine, boolean context) {
    if (!(e instanceof com.fasterxml.jackson.dataformat.yaml.snakeyaml.error.MarkedYAMLException y)
        || y.getProblem() == null) {
      return null;
    }
    String problem = y.getProblem() + at(y.getProblemMark(), oneLine);
    if (!context || y.getContext() == null) {
      return problem;
    }
    return problem + " (" + y.getContext() + at(y.getContextMark(), oneLine) + ")";
  }

  @SuppressWarnings("deprecation")
  private static String at(
      com.fasterxml.jackson.dataformat.yaml.snakeyaml.error.Mark mark, boolean oneLine) {
    if (mark == null) {
      return "";
    }
    return oneLine
        ? " at column " + (mark.getColumn() + 1)
        : " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
  }

  /**
   * The innermost flow collection of {@code text} left open, e.g. {@code the flow sequence '['
   * is not closed with ']'}, or null if every {@code [} and <code>{</code> outside quotes is
   * closed.
   */
  static String unclosed(String text) {
    Deque<Character> open = new ArrayDeque<>();
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        quote = c == quote ? 0 : quote;
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '[' || c == '{') {
        open.push(c);
      } else if ((c == ']' || c == '}') && !open.isEmpty()) {
        open.pop();
      }
    }
    if (open.isEmpty()) {
      return null;
    }
    return open.peek() == '['
        ? "the flow sequence '[' is not closed with ']'"
        : "the flow mapping '{' is not closed with '}'";
  }
}
