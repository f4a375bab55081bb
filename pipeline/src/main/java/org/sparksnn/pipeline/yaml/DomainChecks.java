package org.sparksnn.pipeline.yaml;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.lang.reflect.Modifier;

/**
 * Builds the domain object of every {@link DomainConfig} record right after Jackson has read the
 * record, and turns the domain check that fails into the same error a check in the record's own
 * constructor gives, so Jackson adds the record's key path to it.
 */
final class DomainChecks {
  private DomainChecks() {}

  /** The module to register on the mapper. */
  static SimpleModule module() {
    return new SimpleModule("spark-snn-domain-checks")
        .setDeserializerModifier(
            new BeanDeserializerModifier() {
              @Override
              public JsonDeserializer<?> modifyDeserializer(
                  DeserializationConfig config, BeanDescription bean, JsonDeserializer<?> d) {
                Class<?> type = bean.getBeanClass();
                return DomainConfig.class.isAssignableFrom(type)
                        && !type.isInterface()
                        && !Modifier.isAbstract(type.getModifiers())
                    ? new Checking(d)
                    : d;
              }
            });
  }

  /** A record's deserializer that builds the record's domain object after it. */
  private static final class Checking extends DelegatingDeserializer {
    private static final long serialVersionUID = 1L;

    Checking(JsonDeserializer<?> delegate) {
      super(delegate);
    }

    @Override
    protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
      return new Checking(delegate);
    }

    @Override
    public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      Object value = super.deserialize(p, ctxt);
      if (value instanceof DomainConfig<?> config) {
        try {
          config.toDomain();
        } catch (IllegalArgumentException e) {
          throw ValueInstantiationException.from(
              p, e.getMessage(), ctxt.constructType(value.getClass()), e);
        }
      }
      return value;
    }
  }
}
