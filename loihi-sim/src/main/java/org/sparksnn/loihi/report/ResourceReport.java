package org.sparksnn.loihi.report;

import java.util.List;
import java.util.Locale;
import org.sparksnn.loihi.model.ChipLimits;
import org.sparksnn.loihi.model.Core;
import org.sparksnn.loihi.model.CoreMapper;
import org.sparksnn.loihi.model.LayerMapping;

/**
 * Chip resources of a core mapping: per layer its cores and, per core, compartments / input axons
 * / output axons / synapse bits against the per-core limits; the chips needed ({@code
 * ceil(cores / coresPerChip)}).
 *
 * @param layers the mapping, one entry per layer
 * @param limits the limits compared against
 */
public record ResourceReport(List<LayerMapping> layers, ChipLimits limits) {
  public ResourceReport {
    layers = List.copyOf(layers);
  }

  /** Total cores over all layers. */
  public int totalCores() {
    return layers.stream().mapToInt(l -> l.cores().size()).sum();
  }

  /** Chips needed for all cores. */
  public int chips() {
    return (totalCores() + limits.coresPerChip() - 1) / limits.coresPerChip();
  }

  /** Largest fraction of any per-core limit used by a core of {@code layer}, in [0, ∞). */
  public double utilization(LayerMapping layer) {
    double u = 0;
    for (Core c : layer.cores()) {
      u = Math.max(u, (double) c.size() / limits.maxCompartments());
      u = Math.max(u, (double) c.inAxons() / limits.maxInAxons());
      u = Math.max(u, (double) c.outAxons() / limits.maxOutAxons());
      u = Math.max(u, (double) c.synapseBits() / limits.maxSynapseBits());
    }
    return u;
  }

  /** The report as a JSON object (hand-written; names are JSON-escaped). */
  public String toJson() {
    StringBuilder sb = new StringBuilder();
    sb.append("{\"chips\":").append(chips()).append(",\"totalCores\":").append(totalCores());
    sb.append(",\"limits\":{\"compartments\":").append(limits.maxCompartments())
        .append(",\"inAxons\":").append(limits.maxInAxons())
        .append(",\"outAxons\":").append(limits.maxOutAxons())
        .append(",\"synapseBits\":").append(limits.maxSynapseBits())
        .append(",\"coresPerChip\":").append(limits.coresPerChip()).append("},\"layers\":[");
    for (int k = 0; k < layers.size(); k++) {
      LayerMapping l = layers.get(k);
      sb.append(k == 0 ? "" : ",").append("{\"name\":").append(quote(l.layer()))
          .append(",\"neurons\":").append(l.n())
          .append(",\"blockShape\":").append(quote(CoreMapper.formatShape(l.blockShape())))
          .append(",\"explicitBlockShape\":").append(l.explicitShape())
          .append(",\"utilization\":").append(fmt(utilization(l))).append(",\"cores\":[");
      for (int c = 0; c < l.cores().size(); c++) {
        Core core = l.cores().get(c);
        sb.append(c == 0 ? "" : ",").append("{\"index\":").append(core.index())
            .append(",\"compartments\":").append(core.size())
            .append(",\"inAxons\":").append(core.inAxons())
            .append(",\"outAxons\":").append(core.outAxons())
            .append(",\"synapseBits\":").append(core.synapseBits()).append('}');
      }
      sb.append("]}");
    }
    return sb.append("]}").toString();
  }

  /** The report as a Markdown table, one row per core. */
  public String toMarkdown() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "Loihi resources: %d cores on %d chip(s)%n%n",
        totalCores(), chips()));
    sb.append("| layer | core | compartments | in axons | out axons | synapse bits |\n");
    sb.append("|---|---:|---:|---:|---:|---:|\n");
    for (LayerMapping l : layers) {
      for (Core c : l.cores()) {
        sb.append(String.format(Locale.ROOT, "| %s | %d | %d / %d | %d / %d | %d / %d | %d / %d |%n",
            l.layer(), c.index(), c.size(), limits.maxCompartments(), c.inAxons(),
            limits.maxInAxons(), c.outAxons(), limits.maxOutAxons(), c.synapseBits(),
            limits.maxSynapseBits()));
      }
    }
    sb.append('\n');
    for (LayerMapping l : layers) {
      sb.append(String.format(Locale.ROOT, "- %s: %d core(s), block shape %s, peak utilization %.1f%%%n",
          l.layer(), l.cores().size(), CoreMapper.formatShape(l.blockShape()),
          100 * utilization(l)));
    }
    return sb.toString();
  }

  private static String fmt(double x) {
    return String.format(Locale.ROOT, "%.6f", x);
  }

  static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (ch < 0x20) {
            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
          } else {
            sb.append(ch);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
