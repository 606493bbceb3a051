package io.metricpipe.sources.rules;

import io.metricpipe.core.model.RuleFileRead;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.io.InputStatus;

/**
 * Reads the rules file every poll interval on a thread of its own (so a slow S3 read never blocks
 * the task) and emits a {@link RuleFileRead} whenever the text, or the reason it cannot be read,
 * differs from the read before. After a restart the first read is emitted again; the evaluators
 * apply an unchanged file as no change. Its watermark is at the end of time from the start: rule
 * updates carry no event time and must hold back no window. Bounded, it reads its split once when
 * it gets it, and ends once it is told no more splits come.
 */
final class RuleFileReader implements SourceReader<RuleFileRead, RuleFileSplit> {
    /** A rules file is a few kilobytes; this bound keeps a wrong path from filling the heap. */
    static final int MAX_BYTES = 1 << 20;

    private final long intervalMs;
    private final boolean bounded;
    private boolean noMoreSplits;
    private final Queue<RuleFileRead> reads = new ArrayDeque<>();
    private final List<RuleFileSplit> splits = new ArrayList<>();
    private ScheduledExecutorService poller;
    private CompletableFuture<Void> available = CompletableFuture.completedFuture(null);
    private boolean watermarkSent;
    private String lastContent;
    private String lastError;

    RuleFileReader(long intervalMs, boolean bounded) {
        this.intervalMs = intervalMs;
        this.bounded = bounded;
    }

    @Override
    public void start() {}

    @Override
    public synchronized InputStatus pollNext(ReaderOutput<RuleFileRead> output) {
        if (!watermarkSent) {
            output.emitWatermark(new Watermark(Long.MAX_VALUE));
            watermarkSent = true;
        }
        RuleFileRead read = reads.poll();
        if (read != null) {
            output.collect(read);
        }
        if (!reads.isEmpty()) {
            return InputStatus.MORE_AVAILABLE;
        }
        if (bounded && noMoreSplits) {
            return InputStatus.END_OF_INPUT;
        }
        if (available.isDone()) {
            available = new CompletableFuture<>();
        }
        return InputStatus.NOTHING_AVAILABLE;
    }

    @Override
    public synchronized CompletableFuture<Void> isAvailable() {
        return available;
    }

    @Override
    public synchronized void addSplits(List<RuleFileSplit> added) {
        splits.addAll(added);
        if (bounded) {
            added.forEach(split -> read(split.path));
            return;
        }
        if (poller == null && !splits.isEmpty()) {
            String path = splits.get(0).path;
            poller =
                    Executors.newSingleThreadScheduledExecutor(
                            r -> {
                                Thread t = new Thread(r, "rule-file-poller");
                                t.setDaemon(true);
                                return t;
                            });
            poller.scheduleWithFixedDelay(() -> read(path), 0, intervalMs, TimeUnit.MILLISECONDS);
        }
    }

    /** One read; queued for the task thread when it says something new. */
    private void read(String path) {
        String content = null;
        String error = null;
        try {
            content = readText(new Path(path));
        } catch (IOException | RuntimeException e) {
            error = e.toString();
        }
        synchronized (this) {
            if (Objects.equals(content, lastContent) && Objects.equals(error, lastError)) {
                return;
            }
            lastContent = content;
            lastError = error;
            reads.add(RuleFileRead.of(path, System.currentTimeMillis(), content, error));
            available.complete(null);
        }
    }

    static String readText(Path path) throws IOException {
        FileSystem fs = path.getFileSystem();
        try (InputStream in = fs.open(path)) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new IOException(path + " is larger than " + MAX_BYTES + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    @Override
    public synchronized void notifyNoMoreSplits() {
        noMoreSplits = true;
        available.complete(null);
    }

    @Override
    public synchronized List<RuleFileSplit> snapshotState(long checkpointId) {
        return new ArrayList<>(splits);
    }

    @Override
    public void close() {
        if (poller != null) {
            poller.shutdownNow();
        }
    }
}
