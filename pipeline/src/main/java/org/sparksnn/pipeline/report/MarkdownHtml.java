package org.sparksnn.pipeline.report;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Renders the small Markdown subset spark-snn's reports use — headings, pipe tables, bullet
 * lists, fenced code, paragraphs, {@code `code`}, {@code **bold**} and images — as one
 * self-contained HTML page; images named in {@code images} are embedded as {@code data:} URIs.
 */
public final class MarkdownHtml {
  private MarkdownHtml() {}

  /**
   * @param title the page title
   * @param markdown the report text
   * @param images PNG bytes by the file name used in {@code ![alt](name)}
   */
  public static String page(String title, String markdown, Map<String, byte[]> images) {
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
        .append(escape(title))
        .append("</title>\n<style>\n")
        .append("body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}\n")
        .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 10px;text-align:left}\n")
        .append("th{background:#f3f3f3}tr:nth-child(even) td{background:#fafafa}\n")
        .append("pre{background:#f6f6f6;padding:1em;overflow-x:auto}code{background:#f3f3f3;padding:0 3px}\n")
        .append("img{max-width:100%;border:1px solid #ddd;margin:0.5em 0}h1{border-bottom:2px solid #444}\n")
        .append("h2{border-bottom:1px solid #aaa;margin-top:2em}\n</style></head><body>\n");
    List<String> lines = markdown.lines().toList();
    int i = 0;
    while (i < lines.size()) {
      String line = lines.get(i);
      if (line.startsWith("```")) {
        html.append("<pre>");
        i++;
        while (i < lines.size() && !lines.get(i).startsWith("```")) {
          html.append(escape(lines.get(i))).append('\n');
          i++;
        }
        html.append("</pre>\n");
        i++;
      } else if (line.startsWith("#")) {
        int level = 0;
        while (level < line.length() && line.charAt(level) == '#') {
          level++;
        }
        html.append("<h").append(level).append('>').append(inline(line.substring(level).strip(), images))
            .append("</h").append(level).append(">\n");
        i++;
      } else if (line.startsWith("|")) {
        List<String> rows = new ArrayList<>();
        while (i < lines.size() && lines.get(i).startsWith("|")) {
          rows.add(lines.get(i));
          i++;
        }
        html.append(table(rows, images));
      } else if (line.startsWith("- ")) {
        html.append("<ul>\n");
        while (i < lines.size() && lines.get(i).startsWith("- ")) {
          html.append("<li>").append(inline(lines.get(i).substring(2), images)).append("</li>\n");
          i++;
        }
        html.append("</ul>\n");
      } else if (line.isBlank()) {
        i++;
      } else {
        StringBuilder p = new StringBuilder();
        while (i < lines.size() && !lines.get(i).isBlank() && !isBlockStart(lines.get(i))) {
          p.append(p.length() == 0 ? "" : " ").append(lines.get(i));
          i++;
        }
        html.append("<p>").append(inline(p.toString(), images)).append("</p>\n");
      }
    }
    return html.append("</body></html>\n").toString();
  }

  private static boolean isBlockStart(String line) {
    return line.startsWith("#") || line.startsWith("|") || line.startsWith("- ") || line.startsWith("```");
  }

  private static String table(List<String> rows, Map<String, byte[]> images) {
    StringBuilder t = new StringBuilder("<table>\n");
    boolean header = rows.size() > 1 && rows.get(1).matches("\\|[-:| ]+\\|?");
    for (int r = 0; r < rows.size(); r++) {
      if (header && r == 1) {
        continue;
      }
      String tag = header && r == 0 ? "th" : "td";
      String row = rows.get(r).strip();
      String[] cells = row.substring(1, row.endsWith("|") ? row.length() - 1 : row.length()).split("\\|", -1);
      t.append("<tr>");
      for (String c : cells) {
        t.append('<').append(tag).append('>').append(inline(c.strip(), images)).append("</").append(tag).append('>');
      }
      t.append("</tr>\n");
    }
    return t.append("</table>\n").toString();
  }

  private static String inline(String text, Map<String, byte[]> images) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      if (text.startsWith("![", i)) {
        int close = text.indexOf("](", i);
        int end = close < 0 ? -1 : text.indexOf(')', close);
        if (end > 0) {
          String alt = text.substring(i + 2, close);
          String src = text.substring(close + 2, end);
          byte[] png = images.get(src);
          String url = png == null ? src : "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
          out.append("<img alt=\"").append(escape(alt)).append("\" src=\"").append(escape(url)).append("\">");
          i = end + 1;
          continue;
        }
      }
      char c = text.charAt(i);
      if (c == '`') {
        int end = text.indexOf('`', i + 1);
        if (end > 0) {
          out.append("<code>").append(escape(text.substring(i + 1, end))).append("</code>");
          i = end + 1;
          continue;
        }
      }
      if (text.startsWith("**", i)) {
        int end = text.indexOf("**", i + 2);
        if (end > 0) {
          out.append("<b>").append(escape(text.substring(i + 2, end))).append("</b>");
          i = end + 2;
          continue;
        }
      }
      out.append(escape(String.valueOf(c)));
      i++;
    }
    return out.toString();
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
