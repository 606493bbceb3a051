package io.metricpipe.jobs.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metricpipe.sources.archive.ArchiveFormat;
import io.metricpipe.sources.archive.JsonRecordSplitter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The events of archive files in event-time order: files in path order (dated folders oldest
 * first), each cut into records as the archive source cuts them, and a reordering buffer that
 * releases an event once it is older than the newest by more than the archive's disorder. Each
 * keeps the partition key its agent gave it: the event's {@code id} (a UUID for {@code vm-metrics}
 * and {@code webapp-metrics}, the host for {@code vm_stats}, a constant for {@code app_event}); an
 * event without one gets a UUID from its bytes. A record that cannot be read is sent as it is, at
 * the time of the record before it, so the job dead-letters it as it would live.
 */
final class ArchiveEvents {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_RECORD_BYTES = 1 << 20;
    private static final long FUTURE_SKEW_MS = 5 * 60_000;

    private final List<Path> files;
    private final long disorderMs;
    private final PriorityQueue<ArchivedEvent> buffer =
            new PriorityQueue<>(
                    Comparator.comparingLong((ArchivedEvent e) -> e.eventTime)
                            .thenComparingLong(e -> e.sequence));
    private final List<Path> unreadable = new ArrayList<>();
    private long sequence;
    private long newest = Long.MIN_VALUE;
    private long bytesRead;

    ArchiveEvents(List<Path> roots, long disorderMs) throws IOException {
        this.files = files(roots);
        this.disorderMs = disorderMs;
    }

    /** Every regular file under the roots, hidden ones aside, in path order. */
    static List<Path> files(List<Path> roots) throws IOException {
        List<Path> all = new ArrayList<>();
        for (Path root : roots) {
            try (Stream<Path> walk = Files.walk(root)) {
                all.addAll(
                        walk.filter(Files::isRegularFile)
                                .filter(p -> !p.getFileName().toString().startsWith("."))
                                .filter(p -> !p.getFileName().toString().startsWith("_"))
                                .collect(Collectors.toList()));
            }
        }
        all.sort(Comparator.comparing(Path::toString));
        return all;
    }

    long totalBytes() {
        return files.stream()
                .mapToLong(
                        f -> {
                            try {
                                return Files.size(f);
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        })
                .sum();
    }

    /** Bytes of whole files read so far (compressed, as on disk). */
    long bytesRead() {
        return bytesRead;
    }

    /** Reads every file and hands each event on in event-time order. */
    void forEach(Consumer<ArchivedEvent> out) throws IOException {
        for (Path file : files) {
            long previousTime = newest == Long.MIN_VALUE ? 0 : newest;
            try (InputStream in =
                    ArchiveFormat.open(file.getFileName().toString(), Files.newInputStream(file))) {
                JsonRecordSplitter records = new JsonRecordSplitter(in, MAX_RECORD_BYTES);
                for (JsonRecordSplitter.Chunk c = next(file, records);
                        c != null;
                        c = next(file, records)) {
                    ArchivedEvent e = event(c.bytes, previousTime);
                    previousTime = e.eventTime;
                    buffer.add(e);
                    if (e.eventTime <= System.currentTimeMillis() + FUTURE_SKEW_MS) {
                        // A stamp in the future (the job dead-letters it) moves nothing on.
                        newest = Math.max(newest, e.eventTime);
                    }
                    while (!buffer.isEmpty() && buffer.peek().eventTime < newest - disorderMs) {
                        out.accept(buffer.poll());
                    }
                }
            }
            bytesRead += Files.size(file);
        }
        while (!buffer.isEmpty()) {
            out.accept(buffer.poll());
        }
    }

    /** Files whose tail could not be read (a truncated gzip): what was before it was sent. */
    List<Path> unreadable() {
        return unreadable;
    }

    /** The next record; an unreadable tail ends the file, and is reported. */
    private JsonRecordSplitter.Chunk next(Path file, JsonRecordSplitter records) {
        try {
            return records.next();
        } catch (IOException e) {
            unreadable.add(file);
            return null;
        }
    }

    private ArchivedEvent event(byte[] data, long previousTime) {
        long time = previousTime;
        String key = null;
        try {
            JsonNode node = JSON.readTree(data);
            if (node != null && node.path("timestamp").canConvertToLong()) {
                time = node.path("timestamp").asLong();
            }
            String id = node == null ? "" : node.path("id").asText("");
            if (!id.isEmpty() && id.length() <= 256) { // Kinesis takes keys of 1 to 256 chars
                key = id;
            }
        } catch (IOException notJson) {
            // sent as it is: the job makes it a dead letter
        }
        if (key == null) {
            key = UUID.nameUUIDFromBytes(data).toString();
        }
        return new ArchivedEvent(data, key, time, sequence++);
    }
}
