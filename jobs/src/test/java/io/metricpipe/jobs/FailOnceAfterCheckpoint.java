package io.metricpipe.jobs;

import io.metricpipe.core.model.ResourceSamples;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;

/**
 * Passes samples through slowly and throws once, in the middle of the stream, after a checkpoint
 * has completed (slowing down further until one has, however long the job's checkpoints take).
 * Static state: the MiniCluster runs in the test's JVM and a restart must not reset it.
 */
final class FailOnceAfterCheckpoint
        implements MapFunction<ResourceSamples, ResourceSamples>, CheckpointListener {
    private static final long serialVersionUID = 1L;

    static final AtomicBoolean FAILED = new AtomicBoolean();
    static final AtomicInteger PROCESSED = new AtomicInteger();
    private static final AtomicBoolean CHECKPOINTED = new AtomicBoolean();

    private final int failAfter;

    FailOnceAfterCheckpoint(int failAfter) {
        this.failAfter = failAfter;
    }

    static void reset() {
        FAILED.set(false);
        CHECKPOINTED.set(false);
        PROCESSED.set(0);
    }

    @Override
    public ResourceSamples map(ResourceSamples value) throws Exception {
        if (PROCESSED.incrementAndGet() < failAfter || FAILED.get()) {
            Thread.sleep(3); // keeps the stream in flight across several checkpoints
        } else if (!CHECKPOINTED.get()) {
            // Due to fail, but no checkpoint has completed yet: slow down, record by record (the
            // barriers pass between records), so one completes before the stream runs out.
            Thread.sleep(50);
        } else if (FAILED.compareAndSet(false, true)) {
            throw new IllegalStateException("injected failure after a completed checkpoint");
        }
        return value;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        CHECKPOINTED.set(true);
    }
}
