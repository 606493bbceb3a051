package io.metricpipe.core.pipeline;

import org.apache.flink.api.common.ExecutionConfig;

/** The execution settings the operators of this package are written for. */
public final class ExecutionSettings {
    private ExecutionSettings() {}

    /**
     * Object reuse: every operator here emits a fresh object per record and never mutates its
     * input, so chained operators may share records instead of copying them (a roll-up keeps the
     * finer results it receives, which nobody changes after they are emitted). No generic types: a
     * type that would fall back to Kryo fails at job build time instead of slowing every record.
     */
    public static void apply(ExecutionConfig config) {
        config.enableObjectReuse();
        config.disableGenericTypes();
    }
}
