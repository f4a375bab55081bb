package org.sparksnn.pipeline.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.resource.ResourceInformation;
import org.junit.jupiter.api.Test;
import org.sparksnn.ops.net.KernelWarmUp;
import org.sparksnn.pipeline.sweep.EvaluationWarmUp;

class KernelWarmUpPluginTest {

  /** The part of an executor's plugin context the plugin reads: its configuration. */
  private record Context(SparkConf conf) implements PluginContext {
    @Override
    public MetricRegistry metricRegistry() {
      return new MetricRegistry();
    }

    @Override
    public String executorID() {
      return "0";
    }

    @Override
    public String hostname() {
      return "127.0.0.1";
    }

    @Override
    public Map<String, ResourceInformation> resources() {
      return Map.of();
    }

    @Override
    public void send(Object message) {}

    @Override
    public Object ask(Object message) {
      return null;
    }
  }

  private static KernelWarmUpPlugin.WarmUp start(String calls) {
    return start(calls, "0");
  }

  private static KernelWarmUpPlugin.WarmUp start(String calls, String batches) {
    SparkConf conf = new SparkConf(false);
    if (calls != null) {
      conf.set(KernelWarmUpPlugin.CALLS_KEY, calls);
    }
    if (batches != null) {
      conf.set(KernelWarmUpPlugin.EVALUATION_BATCHES_KEY, batches);
    }
    KernelWarmUpPlugin.WarmUp w =
        (KernelWarmUpPlugin.WarmUp) new KernelWarmUpPlugin().executorPlugin();
    w.init(new Context(conf), Map.of());
    return w;
  }

  @Test
  void theExecutorWarmsTheVectorLoopsOnADaemonThread() throws InterruptedException {
    KernelWarmUpPlugin.WarmUp w = start("25");
    Thread t = w.thread();
    assertNotNull(t);
    assertTrue(t.isDaemon());
    assertEquals("spark-snn-kernel-warm-up", t.getName());
    t.join(120_000);
    assertFalse(t.isAlive(), "the warm-up of 25 calls did not end within two minutes");
    assertEquals(KernelWarmUp.applies(), w.warmed());
    assertEquals(0, w.evaluated(), "the evaluation warm-up was off");
  }

  @Test
  void theExecutorThenWarmsTheEvaluationPath() throws InterruptedException {
    KernelWarmUpPlugin.WarmUp w = start("0", "3");
    Thread t = w.thread();
    assertNotNull(t, "the evaluation warm-up alone starts the thread");
    t.join(120_000);
    assertFalse(t.isAlive(), "the warm-up of 3 batches did not end within two minutes");
    assertFalse(w.warmed(), "the vector loops' warm-up was off");
    assertEquals(EvaluationWarmUp.run(3), w.evaluated());
  }

  @Test
  void zeroCallsAndZeroBatchesStartNoThread() {
    assertNull(start("0", "0").thread());
  }

  @Test
  void theDefaultsAreTheWarmUpsDefaults() {
    assertEquals(
        KernelWarmUp.DEFAULT_CALLS,
        KernelWarmUpPlugin.parseCalls(Integer.toString(KernelWarmUp.DEFAULT_CALLS)));
    KernelWarmUpPlugin.WarmUp w = start(null, null);
    assertNotNull(w.thread());
  }

  @Test
  void aBadSettingNamesTheKeyAndTheValue() {
    for (String bad : new String[] {"-1", "many", ""}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> start(bad));
      assertTrue(
          e.getMessage().contains(KernelWarmUpPlugin.CALLS_KEY)
              && e.getMessage().contains("'" + bad + "'"),
          e.getMessage());
      IllegalArgumentException eb =
          assertThrows(IllegalArgumentException.class, () -> start("0", bad));
      assertTrue(
          eb.getMessage().contains(KernelWarmUpPlugin.EVALUATION_BATCHES_KEY)
              && eb.getMessage().contains("'" + bad + "'"),
          eb.getMessage());
    }
  }

  @Test
  void theDriverHasNoPart() {
    assertNull(new KernelWarmUpPlugin().driverPlugin());
  }
}
