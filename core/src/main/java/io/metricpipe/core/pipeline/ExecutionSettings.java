package io.metricpipe.core.pipeline;

import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;

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

    /**
     * The network of a cluster in one process on a few cores (the demo's, the benchmark's): 256 KiB
     * buffers instead of 32 KiB. The window task drains its input faster than the decoding task
     * fills it, so it sleeps until the next full buffer; each wake-up costs the decoding thread a
     * futex call and a reschedule interrupt, and with 32 KiB buffers (a few dozen events each) that
     * was a tenth of its time. Network memory doubles to 128 MiB, 512 buffers, enough for the
     * demo's job with all its exchanges. Buffers still flush on the buffer timeout, so records of a
     * slow stream wait no longer than before.
     */
    public static Configuration localCluster() {
        Configuration flink = new Configuration();
        flink.set(TaskManagerOptions.MEMORY_SEGMENT_SIZE, MemorySize.parse("256kb"));
        flink.set(TaskManagerOptions.NETWORK_MEMORY_MIN, MemorySize.parse("128mb"));
        flink.set(TaskManagerOptions.NETWORK_MEMORY_MAX, MemorySize.parse("128mb"));
        return flink;
    }
}
