package org.sparksnn.ops.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@link VectorLoops} uses one species per element type (its class comment says why: a second
 * float species let C2's class-check traps reach their limit, and whatever C2 compiled next ran
 * its vector operations boxed, at half speed or worse). The species a class names are read from
 * its compiled constant pool: every {@code SPECIES_…} field of a {@code jdk/incubator/vector}
 * class it references, except {@code SPECIES_PREFERRED}, which {@link VectorLoops#supported}
 * only asks for its size.
 */
class VectorLoopsSpeciesTest {

  @Test
  void vectorLoopsUseOneSpeciesPerElementType() throws IOException {
    Map<String, Set<String>> species = speciesReferences(VectorLoops.class);
    assertTrue(species.containsKey("FloatVector"), "reads the constant pool: " + species);
    for (Map.Entry<String, Set<String>> e : species.entrySet()) {
      assertEquals(
          1, e.getValue().size(), e.getKey() + " species in VectorLoops: " + e.getValue());
    }
  }

  @Test
  void theConvolutionLoopsUseTheSameFloatSpeciesAsVectorLoops() throws IOException {
    Map<String, Set<String>> conv = speciesReferences(ConvVectorLoops.class);
    assertEquals(speciesReferences(VectorLoops.class).get("FloatVector"), conv.get("FloatVector"));
    assertEquals(Set.of("FloatVector"), conv.keySet(), "ConvVectorLoops species: " + conv);
  }

  @Test
  void theConstantPoolReaderFindsEverySpeciesAClassNames() throws IOException {
    // this class names two float species below: the reader must see both
    Map<String, Set<String>> species = speciesReferences(TwoFloatSpecies.class);
    assertEquals(Set.of("SPECIES_256", "SPECIES_512"), species.get("FloatVector"));
  }

  /** Names two float species, for the reader's own test. */
  private static final class TwoFloatSpecies {
    static final Object NARROW = jdk.incubator.vector.FloatVector.SPECIES_256;
    static final Object WIDE = jdk.incubator.vector.FloatVector.SPECIES_512;
  }

  /** Vector class simple name → the {@code SPECIES_…} fields of it that {@code c} references. */
  static Map<String, Set<String>> speciesReferences(Class<?> c) throws IOException {
    String resource = "/" + c.getName().replace('.', '/') + ".class";
    try (InputStream raw = c.getResourceAsStream(resource)) {
      DataInputStream in = new DataInputStream(raw);
      if (in.readInt() != 0xCAFEBABE) {
        throw new IOException(resource + ": not a class file");
      }
      in.readUnsignedShort(); // minor version
      in.readUnsignedShort(); // major version
      int count = in.readUnsignedShort();
      String[] utf8 = new String[count];
      int[] classNameIndex = new int[count];
      List<int[]> fieldRefs = new ArrayList<>(); // {class index, name-and-type index}
      int[] natNameIndex = new int[count];
      for (int i = 1; i < count; i++) {
        int tag = in.readUnsignedByte();
        switch (tag) {
          case 1 -> utf8[i] = in.readUTF();
          case 7 -> classNameIndex[i] = in.readUnsignedShort();
          case 9 -> fieldRefs.add(new int[] {in.readUnsignedShort(), in.readUnsignedShort()});
          case 12 -> {
            natNameIndex[i] = in.readUnsignedShort();
            in.readUnsignedShort();
          }
          case 3, 4 -> in.readInt();
          case 5, 6 -> {
            in.readLong();
            i++; // longs and doubles take two entries
          }
          case 8, 16, 19, 20 -> in.readUnsignedShort();
          case 10, 11, 17, 18 -> in.readInt();
          case 15 -> {
            in.readUnsignedByte();
            in.readUnsignedShort();
          }
          default -> throw new IOException(resource + ": constant pool tag " + tag + " at " + i);
        }
      }
      Map<String, Set<String>> species = new TreeMap<>();
      for (int[] ref : fieldRefs) {
        String owner = utf8[classNameIndex[ref[0]]];
        String field = utf8[natNameIndex[ref[1]]];
        if (owner.startsWith("jdk/incubator/vector/")
            && field.startsWith("SPECIES_")
            && !field.equals("SPECIES_PREFERRED")) {
          species
              .computeIfAbsent(owner.substring(owner.lastIndexOf('/') + 1), k -> new TreeSet<>())
              .add(field);
        }
      }
      return species;
    }
  }
}
