package org.sparksnn.pipeline.yaml;

/**
 * A config record that maps to a domain object (an snn-ops or encoders record). {@link TypedYaml}
 * builds the domain object as soon as it has read the record, so a check of the domain type fails
 * at the record's key path, as the user wrote it: {@code model.layers[1].regularizer.l2 must be >=
 * 0, got -0.001}, not {@code RateRegularizer.l2 must be >= 0} after the whole config was read.
 *
 * @param <T> the domain type
 */
public interface DomainConfig<T> {
  /**
   * The domain object; an {@link IllegalArgumentException} whose message starts with the domain
   * type's name and a field of the same name as this record's ({@code Dense(d0).units must be >
   * 0, got -1}) if a value is invalid.
   */
  T toDomain();
}
